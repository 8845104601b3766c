//! Sentence pools for the Markdown bodies. Case-study sentences are written in
//! lower case after the first word and name nobody, so an anonymisation scan
//! has nothing to flag; `{weeks}`, `{before}`, `{after}` and `{sessions}` are
//! filled in per story.

pub const CASE_SUBJECTS: &[&str] = &[
    "a child in year 3",
    "a child in year 5",
    "two young brothers",
    "two sisters at primary school",
    "a young person in year 9",
    "a family new to the area",
    "a child at risk of exclusion",
    "a child starting secondary school",
    "a young carer",
    "a parent and three children",
    "a child in reception",
    "a young person in year 11",
];

pub const CASE_TOPICS: &[&str] = &[
    "attendance",
    "worries about school",
    "behaviour at home",
    "sleep and routines",
    "anger",
    "moving to secondary school",
    "grief after a loss in the family",
    "housing worries",
    "confidence and friendships",
    "talking and listening",
    "getting to school on time",
    "feeling safe at home",
];

pub const CASE_OUTCOMES: &[&str] = &[
    "which improved school attendance",
    "which helped the family feel more settled",
    "which made mornings calmer at home",
    "which helped the child stay in their school",
    "which led to fewer incidents in class",
    "which helped the family find a safe home",
    "which helped the child make friends",
];

pub const ISSUE_SENTENCES: &[&str] = &[
    "The school asked the cluster for help after the child's attendance fell to {before}% over one term.",
    "Staff at school had noticed that the child often looked tired and unhappy in lessons.",
    "The parent told the school that mornings at home were very hard and often ended in arguments.",
    "The family had moved house twice in a year and the children had changed school each time.",
    "There had been several incidents in class where the child lost their temper and left the room.",
    "The parent said they felt alone and did not know where to go for help.",
    "Teachers were worried that the child was falling behind with reading and writing.",
    "The child found it hard to talk about feelings and often said that nothing was wrong.",
    "A younger brother or sister was also finding it hard to settle at nursery.",
    "The family had been through a difficult time after a loss, and the children were grieving.",
    "The child was worried about leaving home in the morning and often asked to stay behind.",
    "Other services had been involved before, but the family had found it hard to keep appointments.",
];

pub const ISSUE_BULLETS: &[&str] = &[
    "low school attendance, at {before}% when the request for help was made",
    "worries about going to school, with stomach aches most mornings",
    "angry outbursts at home and at school, several times a week",
    "poor sleep and no regular bedtime routine",
    "difficulty making and keeping friends",
    "money worries and rent arrears for the family",
    "the parent's own health was poor and they found it hard to cope",
    "the child had been close to a fixed-term exclusion",
    "speech that was hard for adults outside the family to understand",
    "caring for a parent at home, which left little time for homework",
    "lateness to school on most days",
];

pub const ACTION_SENTENCES: &[&str] = &[
    "A family support worker visited the family at home every week for {weeks} weeks.",
    "The worker and the parent agreed a simple plan with three goals that the family chose themselves.",
    "The cluster brought the school, the family and other services together in a team around the family meeting.",
    "The child met a counsellor in school for {sessions} sessions, at a time that did not clash with favourite lessons.",
    "The worker helped the parent to contact the housing office and to fill in the forms that were needed.",
    "School staff and the worker kept in touch every week so that everyone knew how things were going.",
    "The plan was reviewed every six weeks, and changed when something was not working.",
    "The worker used play and drawing to help the child talk about what was hard.",
    "The family were helped to find activities for the school holidays that the children enjoyed.",
    "The parent was supported to join a parenting group at the local children's centre.",
];

pub const ACTION_BULLETS: &[&str] = &[
    "started an early help plan and a team around the family",
    "set up a morning routine chart with the child and the parent",
    "arranged a quiet place in school where the child could go when feeling upset",
    "worked closely with the cluster attendance worker",
    "gave the parent ideas for praise and rewards that work at home",
    "helped the family to apply for free school meals and a uniform grant",
    "arranged a place on a holiday activity scheme",
    "supported the move to a new class with extra visits before the start of term",
    "linked the family with a local food bank and a debt advice service",
    "held a meeting with the school each half term to check progress",
    "used a simple traffic light system at home to help with behaviour",
    "supported the parent to attend medical appointments",
];

pub const OUTCOME_BULLETS: &[&str] = &[
    "attendance rose from {before}% to {after}%",
    "the school reported fewer incidents in class, from several a week to one or two a month",
    "the child now goes to an after-school club every week",
    "the parent said that mornings at home are calmer",
    "the family moved to a safer and more settled home",
    "the child is reading at the expected level for their age",
    "the child has made two close friends in class",
    "the parent now feels confident to ask the school for help",
    "the younger child settled well at nursery",
    "no exclusions since the support started",
    "the family now have a regular bedtime routine",
];

pub const OUTCOME_SENTENCES: &[&str] = &[
    "The support ended after {weeks} weeks, when the family and the school agreed that things were much better.",
    "The school will keep an eye on how the child is doing and can ask the cluster again if needed.",
    "The parent has since recommended the cluster to another family.",
    "The child told the worker that school now feels like a safer place.",
    "Everyone agreed that the plan could close, and the family know how to ask for help again.",
];

pub const FAMILY_QUOTES: &[&str] = &[
    "Before, we didn't know who to ask. Now we know the school and the cluster are there for us.",
    "Mornings used to be a battle. Now we have a plan and it mostly works.",
    "Someone listened to us and didn't judge. That made all the difference.",
    "My child is happier and wants to go to school again.",
    "We still have hard days, but we know what to do now.",
];

/// Phrases for the start of a case-study summary.
pub const SUPPORT_PHRASES: &[&str] = &[
    "Support at home and at school for",
    "Family support for",
    "Counselling and a morning routine for",
    "Help from the cluster team for",
    "Practical help and a plan for",
];

pub const UPDATE_INTROS: &[&str] = &[
    "Every two months, the cluster writes a short report on its progress. This page shows the figures the cluster had in {month}.",
    "This report shows how the cluster was doing in {month} on the priorities in its business plan.",
    "The cluster reports regularly to its partnership meeting. These are the figures it shared in {month}.",
];

pub const UPDATE_PRIORITIES: &[&str] = &[
    "School absence: primary",
    "School absence: secondary",
    "Children looked after",
    "Young people not in education, employment or training",
    "Requests for help received",
    "Families supported by the cluster",
    "Children on a child protection plan",
    "Fixed-term exclusions",
];

pub const UPDATE_NOTES: &[&str] = &[
    "Absence figures are for the half term before the report, and are not adjusted for illness.",
    "The number of requests for help usually rises in the autumn term.",
    "Figures of fewer than five are not shown, so that no family can be identified.",
    "Some figures are provisional and may change in the next report.",
];

pub const INTRO_PARAGRAPHS: &[&str] = &[
    "A cluster is a group of schools and other services in one small part of the city. They work together to give early help to children and families. Early help means help that comes as soon as a problem starts.",
    "Help often starts with your child's school. A doctor or another service can also ask the cluster for help for you, and you can ask for help yourself.",
    "The cluster's schools put money together with money from the council and health services. This lets the cluster offer more help than one school could on its own.",
];

pub const PAGE_SENTENCES: &[&str] = &[
    "A cluster is a group of schools and other local services that work together to help children and families early.",
    "Each cluster is different, because each area has different needs.",
    "Most clusters focus on family support and on children's emotional well-being.",
    "Schools pay for most of each cluster's core team, and the council and health services also put money in.",
    "You can ask for help through your child's school, through another service, or by contacting the cluster yourself.",
    "The cluster looks at each request and agrees who is best placed to help.",
    "Help can be short, such as a few sessions with a counsellor, or longer, such as a family support plan.",
    "Information on this website is checked regularly, and each record shows when it was last checked.",
];
