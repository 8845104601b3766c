//! The directory as open data: Open Referral UK (HSDS UK profile) shaped JSON,
//! schema.org JSON-LD for pages, and a CSV of schools and centres.
//!
//! Only facts the content holds are published; nothing is inferred. Ids are
//! UUIDv5 of each record's path, so they survive rebuilds and host moves.

use serde_json::{json, Value};
use std::sync::Arc;
use uuid::Uuid;

use crate::format::phone_display;
use crate::model::{slugify, Cluster, Contact, Phase, Service, Site};
use crate::output_file::OutputFile;
use crate::urls;

pub const FILES: [&str; 5] = [
    "organizations",
    "services",
    "locations",
    "contacts",
    "phones",
];
pub const CSV: &str = "/open-data/schools-and-centres.csv";

/// A stable id for a record path such as `/clusters/inner-east/`.
pub fn id(path: &str) -> String {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("clustersite:{path}").as_bytes(),
    )
    .to_string()
}

/// What the open data page calls a file.
pub fn title(name: &str) -> &'static str {
    match name {
        "organizations" => "Organisations: the clusters",
        "services" => "Services",
        "locations" => "Locations: schools and children's centres",
        "contacts" => "Contacts",
        _ => "Phone numbers",
    }
}

pub fn file_url(name: &str) -> String {
    format!("/open-data/{name}.json")
}

fn contact_path(cluster: &Cluster, contact: &Contact) -> String {
    let who = contact
        .role
        .as_deref()
        .or(contact.name.as_deref())
        .unwrap_or("contact");
    format!("{}contacts/{}", urls::cluster(&cluster.slug), slugify(who))
}

fn timestamp(date: crate::model::Date) -> String {
    format!("{date}T00:00:00Z")
}

fn contact_record(cluster: &Cluster, contact: &Contact) -> Value {
    let path = contact_path(cluster, contact);
    json!({
        "id": id(&path),
        "organization_id": id(&urls::cluster(&cluster.slug)),
        "name": contact.name,
        "title": contact.role,
        "email": contact.email.as_ref().map(|e| e.get_ref()),
        "phones": contact.phone.iter().map(|p| phone_record(&path, p.get_ref())).collect::<Vec<_>>(),
        "last_modified": timestamp(*contact.last_reviewed.get_ref()),
    })
}

fn phone_record(contact_path: &str, number: &str) -> Value {
    json!({
        "id": id(&format!("{contact_path}/phone")),
        "contact_id": id(contact_path),
        "number": phone_display(number),
    })
}

fn service_record(base: &str, cluster: &Cluster, service: &Service) -> Value {
    let url = urls::service(&cluster.slug, service.slug.get_ref());
    let email = cluster
        .data
        .contacts
        .iter()
        .find_map(|c| c.email.as_ref().map(|e| e.get_ref()));
    json!({
        "id": id(&url),
        "organization_id": id(&urls::cluster(&cluster.slug)),
        "name": service.name,
        "description": service.summary,
        "url": format!("{base}{url}"),
        "email": email,
        "status": "active",
        "contacts": cluster.data.contacts.iter().map(|c| contact_record(cluster, c)).collect::<Vec<_>>(),
        "service_at_locations": [],
        "last_modified": timestamp(*service.last_reviewed.get_ref()),
    })
}

fn locations(cluster: &Cluster) -> Vec<Value> {
    let org = id(&urls::cluster(&cluster.slug));
    let schools = cluster.data.schools.iter().map(|s| {
        let kind = match s.phase {
            Phase::Primary => "Primary school",
            Phase::Secondary => "Secondary school",
        };
        let slug = s.slug.as_deref().unwrap_or_default();
        (
            format!("{}schools/{slug}", urls::cluster(&cluster.slug)),
            s.name.get_ref(),
            kind,
        )
    });
    let centres = cluster.data.childrens_centres.iter().map(|c| {
        let slug = c.slug.as_deref().unwrap_or_default();
        (
            format!("{}centres/{slug}", urls::cluster(&cluster.slug)),
            c.name.get_ref(),
            "Children's centre",
        )
    });
    schools
        .chain(centres)
        .map(|(path, name, kind)| {
            json!({
                "id": id(&path),
                "organization_id": org,
                "name": name,
                "description": format!("{kind} in the {} cluster", cluster.data.name),
                "location_type": "physical",
            })
        })
        .collect()
}

/// The five ORUK-shaped JSON files and the CSV.
pub fn files(site: &Site, base: &str) -> Vec<OutputFile> {
    let parts: Vec<_> = (site.clusters.iter())
        .map(|c| Arc::new(ClusterRecords::of(base, c)))
        .collect();
    files_from(&parts)
}

/// One cluster's share of the open data: its records of each table, as the
/// text they are in that table's file, and its rows of the CSV. `serve`
/// keeps them per cluster, so an edit makes again only its cluster's share.
pub struct ClusterRecords {
    /// Each table's records, pretty-printed and indented as array items,
    /// joined with `,\n`; empty when the cluster has none.
    tables: [String; 5],
    csv_rows: String,
}

impl ClusterRecords {
    pub fn of(base: &str, c: &Cluster) -> Self {
        let url = urls::cluster(&c.slug);
        let organization = json!({
            "id": id(&url),
            "name": format!("{} cluster", c.data.name),
            "description": c.data.summary,
            "url": format!("{base}{url}"),
            "email": c.data.contacts.iter().find_map(|k| k.email.as_ref().map(|e| e.get_ref())),
            "last_modified": timestamp(c.data.last_reviewed),
        });
        let services = c.data.services.iter().map(|s| service_record(base, c, s));
        let mut contacts = Vec::new();
        let mut phones = Vec::new();
        for contact in &c.data.contacts {
            let record = contact_record(c, contact);
            phones.extend(record["phones"].as_array().cloned().unwrap_or_default());
            contacts.push(record);
        }
        ClusterRecords {
            tables: [
                array_items([organization]),
                array_items(services),
                array_items(locations(c)),
                array_items(contacts),
                array_items(phones),
            ],
            csv_rows: csv_rows(c, base),
        }
    }
}

/// The open data files from every cluster's share, in cluster order: the
/// same bytes as pretty-printing each whole table.
pub fn files_from(parts: &[Arc<ClusterRecords>]) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = (FILES.iter().enumerate())
        .map(|(table, name)| {
            let items: Vec<&str> = (parts.iter())
                .map(|p| p.tables[table].as_str())
                .filter(|items| !items.is_empty())
                .collect();
            // One buffer of the final size: at region scale the tables are
            // megabytes, joined again after every cluster edit under serve.
            let json = if items.is_empty() {
                "[]".to_owned()
            } else {
                let size = items.iter().map(|i| i.len() + 2).sum::<usize>() + 2;
                let mut json = String::with_capacity(size);
                json.push_str("[\n");
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        json.push_str(",\n");
                    }
                    json.push_str(item);
                }
                json.push_str("\n]");
                json
            };
            OutputFile {
                path: urls::output_path(&file_url(name)),
                bytes: Arc::new(json.into_bytes()),
            }
        })
        .collect();
    const HEADER: &str = "name,type,cluster,cluster_url,shared\r\n";
    let size = HEADER.len() + parts.iter().map(|p| p.csv_rows.len()).sum::<usize>();
    let mut csv = String::with_capacity(size);
    csv.push_str(HEADER);
    csv.extend(parts.iter().map(|p| p.csv_rows.as_str()));
    files.push(OutputFile {
        path: urls::output_path(CSV),
        bytes: Arc::new(csv.into_bytes()),
    });
    files
}

/// Records as `serde_json::to_vec_pretty` prints them inside an array: each
/// indented by two spaces (a JSON string never holds a raw line break, so
/// every line break is between tokens), joined with `,\n`.
fn array_items(records: impl IntoIterator<Item = Value>) -> String {
    let items: Vec<String> = (records.into_iter())
        .map(|record| {
            let pretty = serde_json::to_string_pretty(&record).expect("JSON values serialise");
            format!("  {}", pretty.replace('\n', "\n  "))
        })
        .collect();
    items.join(",\n")
}

fn csv_rows(c: &Cluster, base: &str) -> String {
    let mut out = String::new();
    let cluster_url = format!("{base}{}", urls::cluster(&c.slug));
    let schools = c.data.schools.iter().map(|s| {
        let kind = match s.phase {
            Phase::Primary => "Primary school",
            Phase::Secondary => "Secondary school",
        };
        (s.name.get_ref(), kind, s.shared)
    });
    let centres =
        (c.data.childrens_centres.iter()).map(|k| (k.name.get_ref(), "Children's centre", false));
    for (name, kind, shared) in schools.chain(centres) {
        let row = [
            name.as_str(),
            kind,
            &c.data.name,
            &cluster_url,
            if shared { "yes" } else { "no" },
        ];
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// RFC 4180: quote fields with commas, quotes or line breaks; double inner
/// quotes. A field a spreadsheet would run as a formula (it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) starts with `'` instead, as
/// OWASP advises, so opening the file can never run anything.
fn csv_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return format!("\"'{}\"", text.replace('"', "\"\""));
    }
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// JSON-LD for a `<script type="application/ld+json">`, safe inside HTML.
pub fn json_ld(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialise")
        .replace('<', "\\u003c")
}

/// schema.org description of a cluster: a government organisation with its
/// schools and centres as members and its contacts as contact points.
pub fn cluster_ld(base: &str, cluster: &Cluster) -> String {
    let members = cluster
        .data
        .schools
        .iter()
        .map(|s| {
            let kind = match s.phase {
                Phase::Primary => "ElementarySchool",
                Phase::Secondary => "HighSchool",
            };
            json!({"@type": kind, "name": s.name.get_ref()})
        })
        .chain(
            cluster
                .data
                .childrens_centres
                .iter()
                .map(|c| json!({"@type": "Organization", "name": format!("{} Children's Centre", c.name.get_ref())})),
        )
        .collect::<Vec<_>>();
    json_ld(&json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": format!("{base}{}#organization", urls::cluster(&cluster.slug)),
        "name": format!("{} cluster", cluster.data.name),
        "description": cluster.data.summary,
        "url": format!("{base}{}", urls::cluster(&cluster.slug)),
        "member": members,
        "contactPoint": cluster.data.contacts.iter().map(contact_point).collect::<Vec<_>>(),
    }))
}

fn contact_point(contact: &Contact) -> Value {
    let mut point =
        json!({"@type": "ContactPoint", "contactType": contact.role, "availableLanguage": "en-GB"});
    if let Some(email) = &contact.email {
        point["email"] = json!(email.get_ref());
    }
    if let Some(phone) = &contact.phone {
        point["telephone"] = json!(phone_display(phone.get_ref()));
    }
    if let Some(name) = &contact.name {
        point["name"] = json!(name);
    }
    point
}

/// schema.org description of a service, provided by its cluster.
pub fn service_ld(base: &str, cluster: &Cluster, service: &Service) -> String {
    let cluster_url = format!("{base}{}", urls::cluster(&cluster.slug));
    json_ld(&json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": service.name,
        "description": service.summary,
        "url": format!("{base}{}", urls::service(&cluster.slug, service.slug.get_ref())),
        "provider": {
            "@type": "GovernmentOrganization",
            "@id": format!("{cluster_url}#organization"),
            "name": format!("{} cluster", cluster.data.name),
            "url": cluster_url,
        },
        "areaServed": {"@type": "Place", "name": format!("{} cluster area", cluster.data.name)},
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceUrl": format!("{base}{}", urls::referral(&cluster.slug)),
            "availableLanguage": "en-GB",
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuid_v5() {
        let a = id("/clusters/inner-east/");
        assert_eq!(a, id("/clusters/inner-east/"));
        assert_ne!(a, id("/clusters/inner-west/"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "5", "version 5");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("St Mary's"), "St Mary's");
        assert_eq!(csv_field("A, B"), "\"A, B\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        // Spreadsheet formulas are neutralised (OWASP's CSV injection rule).
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ['+', '-', '@', '\t', '\r'] {
            assert_eq!(csv_field(&format!("{start}1")), format!("\"'{start}1\""));
        }
    }

    #[test]
    fn tables_joined_from_shares_are_the_whole_table_pretty_printed() {
        let records = [
            json!({"id": "a", "phones": [], "nested": {"list": [1, {"x": "line\nbreak"}], "empty": {}}}),
            json!({"name": "Ünïcode \"quoted\"", "none": null, "n": 3.5}),
            json!([]),
            json!("a string record"),
        ];
        for split in 0..=records.len() {
            let (first, second) = records.split_at(split);
            let shares: Vec<String> = [first, second]
                .iter()
                .map(|share| array_items(share.iter().cloned()))
                .filter(|items| !items.is_empty())
                .collect();
            let joined = format!("[\n{}\n]", shares.join(",\n"));
            let whole = serde_json::to_string_pretty(&records.to_vec()).unwrap();
            assert_eq!(joined, whole, "split at {split}");
        }
        let none: Vec<Arc<ClusterRecords>> = Vec::new();
        let files = files_from(&none);
        assert_eq!(
            files[0].bytes.as_slice(),
            serde_json::to_vec_pretty(&Vec::<Value>::new()).unwrap()
        );
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        assert_eq!(
            json_ld(&json!({"a": "</script>"})),
            "{\"a\":\"\\u003c/script>\"}"
        );
    }
}
