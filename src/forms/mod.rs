//! The referral form: one shared definition, specialised per cluster, written
//! as an HTML page's data and as a fillable PDF.

pub mod pdf;

use crate::format::phone_display;
use crate::model::{Cluster, FieldKind, FormField, Site};

/// The form as one cluster offers it: the shared sections plus its own questions.
pub struct ClusterForm<'a> {
    pub title: String,
    pub sections: Vec<Section<'a>>,
    pub send_to: Vec<String>,
    pub how_long: Option<&'a str>,
}

pub struct Section<'a> {
    pub title: String,
    pub intro: Option<&'a str>,
    pub fields: Vec<&'a FormField>,
}

pub fn for_cluster<'a>(site: &'a Site, cluster: &'a Cluster) -> ClusterForm<'a> {
    let form = &site.form.data;
    let mut sections: Vec<Section> = form
        .sections
        .iter()
        .map(|s| Section {
            title: s.title.clone(),
            intro: s.intro.as_deref(),
            fields: s.fields.iter().collect(),
        })
        .collect();
    let referral = &cluster.data.referral;
    if !referral.questions.is_empty() {
        sections.push(Section {
            title: format!("Questions from the {} cluster", cluster.data.name),
            intro: None,
            fields: referral.questions.iter().collect(),
        });
    }
    ClusterForm {
        title: format!("{}: {} cluster", form.title, cluster.data.name),
        sections,
        send_to: send_to(cluster, &SendToWords::english(cluster)),
        how_long: referral.how_long.as_deref().or(form.how_long.as_deref()),
    }
}

/// The words the send-to lines are made of, in the form's language.
pub struct SendToWords {
    /// Leads the email line: "Email".
    pub email: String,
    /// Leads the phone line: "Phone".
    pub phone: String,
    /// The only line when the cluster has no contact: "The Inner East cluster".
    pub no_contact: String,
}

impl SendToWords {
    pub fn english(cluster: &Cluster) -> Self {
        SendToWords {
            email: "Email".into(),
            phone: "Phone".into(),
            no_contact: format!("The {} cluster", cluster.data.name),
        }
    }
}

/// Where the form goes: the cluster's own words, or its first contact.
pub fn send_to(cluster: &Cluster, words: &SendToWords) -> Vec<String> {
    if !cluster.data.referral.send_to.is_empty() {
        return cluster.data.referral.send_to.clone();
    }
    let Some(contact) = cluster.data.contacts.first() else {
        return vec![words.no_contact.clone()];
    };
    let mut lines = Vec::new();
    lines.extend(contact.role.clone());
    lines.extend(contact.name.clone());
    if let Some(email) = &contact.email {
        lines.push(format!("{}: {}", words.email, email.get_ref()));
    }
    if let Some(phone) = &contact.phone {
        lines.push(format!(
            "{}: {}",
            words.phone,
            phone_display(phone.get_ref())
        ));
    }
    lines
}

/// The cluster's form as a fillable, tagged PDF.
pub fn write_pdf(site: &Site, cluster: &Cluster, fonts: &pdf::Fonts) -> Result<Vec<u8>, String> {
    pdf::write_pdf(&pdf_form(site, cluster), fonts)
}

/// Everything the cluster's PDF is made from (with the fonts).
pub fn pdf_form(site: &Site, cluster: &Cluster) -> pdf::PdfForm {
    let form = for_cluster(site, cluster);
    pdf::PdfForm {
        title: form.title,
        cluster_name: cluster.data.name.clone(),
        lang: site.config.language.clone(),
        // The default language; translated forms are wired in by the caller.
        direction: pdf::Direction::Ltr,
        words: pdf::PdfWords::english(),
        intro: site.form.data.intro.clone(),
        send_to: form.send_to,
        generated_on: site.form.data.updated.long(),
        sections: form
            .sections
            .iter()
            .map(|s| pdf::PdfSection {
                title: s.title.clone(),
                intro: s.intro.map(str::to_owned),
                fields: s.fields.iter().map(|f| pdf_field(f)).collect(),
            })
            .collect(),
        privacy_notice: site.form.data.privacy_notice.clone(),
    }
}

fn pdf_field(field: &FormField) -> pdf::PdfField {
    pdf::PdfField {
        id: field.id.get_ref().clone(),
        label: field.label.clone(),
        hint: field.hint.clone(),
        kind: match field.kind {
            FieldKind::Text => pdf::FieldKind::Text,
            FieldKind::Multiline => pdf::FieldKind::Multiline,
            FieldKind::Date => pdf::FieldKind::Date,
            FieldKind::Email => pdf::FieldKind::Email,
            FieldKind::Phone => pdf::FieldKind::Phone,
            FieldKind::Checkbox => pdf::FieldKind::Checkbox,
            FieldKind::Choice => pdf::FieldKind::Choice,
        },
        required: field.required,
        options: field.options.clone(),
        lines: field.lines.unwrap_or(0),
    }
}
