//! Word lists for made-up places, schools and services. Every name is built
//! from place-like parts ("Oak" + "field"), never from people's names: the
//! corpus must not look like it is about real people.

/// First halves of place names.
pub const PLACE_STARTS: &[&str] = &[
    "Oak", "Ash", "Birch", "Elm", "Thorn", "Bram", "Hollin", "Moor", "Brook", "Stone", "Mill",
    "Kirk", "Heath", "Fern", "Hazel", "Rowan", "Alder", "Holm", "Crag", "Beck", "Marsh", "Raven",
    "Lark", "Wren", "Cherry", "Willow", "Clay", "Sand", "Chapel", "Bridge", "Church", "Castle",
    "Green", "Red", "White", "Black", "Broad", "Long", "High", "Cold", "Fair", "Wind", "Cross",
    "Well", "Spring", "Salt", "Lime", "Flax", "Barn", "Cote", "Gill", "Lea", "Nether", "Rye",
];

/// Second halves of place names.
pub const PLACE_ENDS: &[&str] = &[
    "ley", "field", "wood", "thorpe", "by", "ton", "ford", "bank", "dale", "gate", "holme", "royd",
    "worth", "stead", "hurst", "croft", "moor", "cliffe", "well", "side", "lands", "wick", "den",
];

/// Words placed before a place to make a cluster name ("Inner Oakfield").
pub const CLUSTER_QUALIFIERS: &[&str] = &[
    "North", "South", "East", "West", "Inner", "Outer", "Upper", "Lower", "Central", "Greater",
];

/// Features that follow a place in a school or centre name ("Oakfield Park").
pub const FEATURES: &[&str] = &[
    "Park", "Lane", "Green", "Hill", "Vale", "Grange", "Meadows", "Bank", "Road", "Gardens",
    "Fields", "Valley", "Common", "View", "Rise", "Hill Top", "Mount", "Edge", "Fold", "Cross",
];

/// Endings of primary school names.
pub const PRIMARY_KINDS: &[&str] = &[
    "Primary",
    "Primary School",
    "Primary Academy",
    "Community Primary",
    "C of E Primary",
    "Infant and Nursery",
    "Junior and Infant",
    "Nursery and Primary",
];

/// Endings of secondary school names.
pub const SECONDARY_KINDS: &[&str] = &[
    "High",
    "High School",
    "Academy",
    "College",
    "Secondary Academy",
    "Community High",
];

/// Roles for cluster contacts: roles only, never people's names.
pub const CONTACT_ROLES: &[(&str, &str)] = &[
    ("Cluster Manager", "manager"),
    ("Targeted Services Leader", "tsl"),
    ("Cluster Administrator", "admin"),
    ("Family Support Co-ordinator", "family-support"),
    ("Attendance Lead", "attendance"),
    ("Well-being Co-ordinator", "wellbeing"),
];

/// Notes that may go with a contact.
pub const CONTACT_NOTES: &[&str] = &[
    "Works Monday to Thursday.",
    "Answers calls in school term time.",
    "The best first contact for schools and other services.",
    "Can send you a request for help form.",
    "Leave a message and someone will call you back within two working days.",
];

pub const GOVERNANCE_BODIES: &[&str] = &[
    "Joint Collaborative Committee",
    "Cluster Partnership Board",
    "Cluster Steering Group",
    "Cluster Leadership Group",
];

pub const PRIORITIES: &[&str] = &[
    "Help children to go to school every day",
    "Family support at home and in school",
    "Support for children's emotional well-being and mental health",
    "Keeping children safe from domestic abuse and exploitation",
    "Activities for children and young people in the school holidays",
    "Help for young people moving from primary to secondary school",
    "Support for parents, including parenting groups",
    "Fewer young people not in education, employment or training",
    "Speech and language support for young children",
];

/// One kind of service a cluster may list.
pub struct ServiceTemplate {
    pub slug: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub summary: &'static str,
    pub how_to_get: Option<&'static str>,
}

const fn service(
    slug: &'static str,
    name: &'static str,
    kind: &'static str,
    summary: &'static str,
    how_to_get: Option<&'static str>,
) -> ServiceTemplate {
    ServiceTemplate {
        slug,
        name,
        kind,
        summary,
        how_to_get,
    }
}

pub const CLUSTER_SERVICES: &[ServiceTemplate] = &[
    service("family-support", "Family support work", "cluster", "Family support workers help children to improve their attendance, behaviour and learning at school, and help their parents.", None),
    service("behaviour-support", "Behaviour support work", "cluster", "Behaviour support work helps children with their behaviour at home and at school.", None),
    service("attendance", "Attendance work", "cluster", "Attendance workers help children to go to school more regularly, and work with families when a child often misses school.", Some("Ask your child's school to talk to the cluster attendance worker.")),
    service("parenting", "Parenting groups", "cluster", "Groups for parents and carers about routines, behaviour and keeping calm, run in schools and children's centres.", Some("Ask at your child's school or children's centre, or contact the cluster.")),
    service("targeted-services-work", "Targeted services work", "cluster", "Targeted services work is for children and families who need extra help for a while.", None),
    service("cluster-management", "Cluster management and co-ordination", "cluster", "The cluster team plans the cluster's work, runs its meetings and makes sure families get the right help.", None),
    service("guidance-and-support", "Guidance and support meetings", "cluster", "Regular meetings where schools and services talk about requests for help and agree who will help each family.", None),
    service("transition-support", "Moving to secondary school", "cluster", "Extra help for children who may find the move from primary to secondary school hard.", Some("Ask your child's primary school in year 6.")),
    service("learning-mentors", "Learning mentors", "cluster", "Learning mentors work with children in school who need help to settle, focus and learn.", None),
];

pub const COMMISSIONED_SERVICES: &[ServiceTemplate] = &[
    service("counselling", "Counselling in schools", "commissioned", "Someone to talk to in school for children and young people who feel worried, sad or angry.", Some("Ask the school's pastoral lead or the cluster.")),
    service("well-being-and-therapy", "Well-being and therapy work", "commissioned", "Well-being and therapy work supports children's social, emotional and mental health.", None),
    service("speech-and-language-therapy", "Speech and language therapy", "commissioned", "Speech and language therapy helps children with talking and understanding.", None),
    service("educational-psychology", "Educational psychology support", "commissioned", "Educational psychologists help schools and families when a child finds learning hard.", None),
    service("holiday-activities", "Holiday activities", "commissioned", "Activities for children, young people and families in the school holidays.", Some("Look out for letters from school, or contact the cluster.")),
    service("play-therapy", "Play and art therapy", "commissioned", "Play and art based therapy for young children who find it hard to talk about their feelings.", None),
    service("domestic-abuse-support", "Domestic abuse support", "commissioned", "Support for children and parents who live, or have lived, with domestic abuse.", Some("Talk to a member of staff you trust at school, or contact the cluster.")),
    service("young-carers", "Young carers support", "commissioned", "Support and activities for children who help to look after someone at home.", None),
];

pub const COUNCIL_SERVICES: &[ServiceTemplate] = &[
    service("childrens-social-work", "Children's Social Work Service", "council", "Social workers for children and families, in teams based in the cluster area.", None),
    service("youth-service", "Youth Service", "council", "Youth work for young people aged 11 and over, in groups and one to one.", None),
    service("early-start", "Early Start", "council", "Early Start teams work in local children's centres with families who have young children.", None),
    service("targeted-services", "Targeted services", "council", "Intensive family support and family group conferencing for families who need extra help.", Some("You can get these services through the Targeted Services Leader or a social worker.")),
    service("family-group-conferencing", "Family group conferencing", "council", "A family group conference brings a family together to make a plan for a child, with help from a co-ordinator.", None),
    service("families-first", "Families First", "council", "Families First co-ordinates support for families with more than one problem.", None),
];

/// How many services of each kind a cluster lists (12 in all).
pub const SERVICES_PER_KIND: [usize; 3] = [5, 4, 3];
