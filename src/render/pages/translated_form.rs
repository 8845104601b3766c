//! The English form and cluster with a translation's words put in place of
//! the English, field ids, kinds and contact details untouched: the
//! translated referral page is then made by the same view as the English.

use crate::model::translation::{ClusterTranslationFile, FormTranslationFile};
use crate::model::{Cluster, FormFile};

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
