//! The English form and cluster with a translation's words put in place of
//! the English, field ids, kinds and contact details untouched: the
//! translated referral page is then made by the same view as the English,
//! and its PDF by the same engine, with the engine's own words from the
//! language's interface text.

use fluent_bundle::FluentArgs;

use crate::diagnostics::Diagnostic;
use crate::forms::{self, pdf, SendToWords};
use crate::model::translation::{
    ClusterTranslationFile, Direction, FormTranslationFile, LanguageDecl,
};
use crate::model::{Cluster, FormFile, Site};
use crate::theme::strings::{Strings, FOLDER};

pub fn apply(english: &FormFile, t: &FormTranslationFile) -> FormFile {
    let mut form = english.clone();
    form.title = t.title.clone();
    let keep_or = |english: &Vec<String>, translated: &Vec<String>| {
        if translated.is_empty() {
            english.clone()
        } else {
            translated.clone()
        }
    };
    form.intro = keep_or(&english.intro, &t.intro);
    form.who_can_ask = keep_or(&english.who_can_ask, &t.who_can_ask);
    form.what_happens_next = keep_or(&english.what_happens_next, &t.what_happens_next);
    form.privacy_notice = keep_or(&english.privacy_notice, &t.privacy_notice);
    if t.how_long.is_some() {
        form.how_long = t.how_long.clone();
    }
    if let Some(sections) = &t.sections {
        for (section, translated) in form.sections.iter_mut().zip(sections.get_ref()) {
            section.title = translated.title.clone();
            section.intro = translated.intro.clone().or(section.intro.take());
        }
    }
    for field in form.sections.iter_mut().flat_map(|s| &mut s.fields) {
        let Some((_, translated)) =
            (t.fields.iter()).find(|(id, _)| id.get_ref() == field.id.get_ref())
        else {
            continue;
        };
        field.label = translated.label.clone();
        if translated.hint.is_some() {
            field.hint = translated.hint.clone();
        }
        if let Some(options) = &translated.options {
            field.options = options.get_ref().clone();
        }
    }
    form
}

pub fn apply_cluster(cluster: &mut Cluster, t: &ClusterTranslationFile) {
    let data = &mut cluster.data;
    if let Some(summary) = &t.summary {
        data.summary = summary.clone();
    }
    if t.referral_how_long.is_some() {
        data.referral.how_long = t.referral_how_long.clone();
    }
    if let Some(contacts) = &t.contacts {
        for (contact, translated) in data.contacts.iter_mut().zip(contacts.get_ref()) {
            if translated.role.is_some() {
                contact.role = translated.role.clone();
            }
            if translated.note.is_some() {
                contact.note = translated.note.clone();
            }
        }
    }
}

/// Whether every field of the English form has a translated label: only
/// then is the translated referral page whole.
pub fn is_whole(english: &FormFile, t: &FormTranslationFile) -> bool {
    let sections_whole = t
        .sections
        .as_ref()
        .is_some_and(|s| s.get_ref().len() == english.sections.len());
    let fields_whole = (english.sections.iter().flat_map(|s| &s.fields)).all(|field| {
        (t.fields.iter()).any(|(id, tf)| {
            id.get_ref() == field.id.get_ref()
                && (field.hint.is_none() || tf.hint.is_some())
                && (field.options.is_empty() || tf.options.is_some())
        })
    });
    let lists_whole = [
        (&english.intro, &t.intro),
        (&english.who_can_ask, &t.who_can_ask),
        (&english.what_happens_next, &t.what_happens_next),
        (&english.privacy_notice, &t.privacy_notice),
    ]
    .iter()
    .all(|(e, tr)| e.len() == tr.len());
    sections_whole
        && fields_whole
        && lists_whole
        && (english.how_long.is_none() || t.how_long.is_some())
}

/// The site and cluster as the language's referral page shows them, or
/// `None` if the language has no translation of the form or the cluster.
pub fn translated(site: &Site, code: &str, cluster: &Cluster) -> Option<(Site, Cluster)> {
    let form = site.translations.form(code)?;
    let ct = site.translations.cluster(code, &cluster.slug)?;
    let (mut translated_site, mut translated_cluster) = (site.clone(), cluster.clone());
    translated_site.form.data = apply(&site.form.data, &form.data);
    apply_cluster(&mut translated_cluster, &ct.data);
    Some((translated_site, translated_cluster))
}

/// The translated referral form's PDF content: `site` and `cluster` as
/// [`translated`] gives them, the engine's words from the language's
/// interface text (`pdf-*` messages), its direction from `site.toml`.
pub fn pdf_form(
    site: &Site,
    cluster: &Cluster,
    lang: &LanguageDecl,
    strings: &Strings,
) -> Result<pdf::PdfForm, Diagnostic> {
    let code = lang.code.get_ref();
    let t = |id: &str, args: &[(&str, String)]| message(strings, code, id, args);
    let name = cluster.data.name.clone();
    let updated = site.form.data.updated;
    let mut form = forms::pdf_form(site, cluster);
    form.lang = code.clone();
    form.direction = match lang.dir {
        Direction::Ltr => pdf::Direction::Ltr,
        Direction::Rtl => pdf::Direction::Rtl,
    };
    form.title = format!(
        "{}: {}",
        site.form.data.title,
        t("cluster-name-inline", &[("name", name.clone())])?
    );
    form.send_to = forms::send_to(
        cluster,
        &SendToWords {
            email: t("contact-email", &[])?,
            phone: t("contact-phone", &[])?,
            no_contact: t("cluster-name", &[("name", name)])?,
        },
    );
    // As the referral page writes the date: "1 grudnia 2026".
    form.generated_on = t(
        &format!("date-{:02}", updated.month),
        &[
            ("day", updated.day.to_string()),
            ("year", updated.year.to_string()),
        ],
    )?;
    // The engine fills its own placeholders ({label}, {date}...).
    let keep = |names: &[&'static str]| -> Vec<(&str, String)> {
        names.iter().map(|n| (*n, format!("{{{n}}}"))).collect()
    };
    form.words = pdf::PdfWords {
        optional: t("pdf-optional", &keep(&["label"]))?,
        send_to: t("pdf-send-to", &[])?,
        generated_on: t("pdf-generated-on", &keep(&["date"]))?,
        privacy_notice: t("pdf-privacy-notice", &[])?,
        page_of: t("pdf-page-of", &keep(&["page", "pages"]))?,
        cluster: t("pdf-cluster", &keep(&["name"]))?,
    };
    Ok(form)
}

/// The message `id` in `code` (or the site's own language), with `args`.
fn message(
    strings: &Strings,
    code: &str,
    id: &str,
    args: &[(&str, String)],
) -> Result<String, Diagnostic> {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        fluent.set(*name, value.clone());
    }
    strings.get(code, id, &fluent).ok_or_else(|| {
        Diagnostic::file(
            format!("themes/default/{FOLDER}{code}.ftl"),
            "interface-strings",
            format!(
                "the referral form PDF needs the message `{id}`, which no interface text file has"
            ),
        )
        .help(format!(
            "add `{id} = ...` to {FOLDER}{code}.ftl and to the site's own language's file"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_language_gives_the_engine_its_english_words() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = crate::theme::load(root).expect("the theme loads");
        let words = |code: &str| {
            let t = |id: &str, args: &[(&str, String)]| {
                message(&theme.strings, code, id, args).unwrap()
            };
            let keep = |n: &'static str| vec![(n, format!("{{{n}}}"))];
            pdf::PdfWords {
                optional: t("pdf-optional", &keep("label")),
                send_to: t("pdf-send-to", &[]),
                generated_on: t("pdf-generated-on", &keep("date")),
                privacy_notice: t("pdf-privacy-notice", &[]),
                page_of: t(
                    "pdf-page-of",
                    &[("page", "{page}".into()), ("pages", "{pages}".into())],
                ),
                cluster: t("pdf-cluster", &keep("name")),
            }
        };
        let english = words("en-GB");
        let expected = pdf::PdfWords::english();
        assert_eq!(
            [&english.optional, &english.send_to, &english.generated_on],
            [
                &expected.optional,
                &expected.send_to,
                &expected.generated_on
            ]
        );
        assert_eq!(
            [&english.privacy_notice, &english.page_of, &english.cluster],
            [
                &expected.privacy_notice,
                &expected.page_of,
                &expected.cluster
            ]
        );
        // Polish keeps every placeholder the engine fills.
        let polish = words("pl");
        assert_eq!(polish.page_of, "Strona {page} z {pages}");
        assert_eq!(polish.cluster, "Klaster {name}");
    }

    #[test]
    fn a_full_date_takes_the_months_form_with_a_day() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = crate::theme::load(root).expect("the theme loads");
        let args = [("day", "1".to_owned()), ("year", "2026".to_owned())];
        let date = |code: &str| message(&theme.strings, code, "date-12", &args).unwrap();
        assert_eq!(date("en-GB"), "1 December 2026");
        assert_eq!(date("pl"), "1 grudnia 2026");
        let cluster = |code: &str| {
            let name = [("name", "Inner East".to_owned())];
            message(&theme.strings, code, "cluster-name-inline", &name).unwrap()
        };
        assert_eq!(cluster("pl"), "klaster Inner East");
        assert_eq!(cluster("en-GB"), "Inner East cluster");
    }

    #[test]
    fn a_message_no_file_has_is_a_located_error() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = crate::theme::load(root).expect("the theme loads");
        let err = message(&theme.strings, "ur", "pdf-no-such-message", &[]).unwrap_err();
        assert!(
            err.short().starts_with("themes/default/i18n/ur.ftl")
                && err.short().contains("pdf-no-such-message"),
            "{}",
            err.short()
        );
    }
}
