//! Interface text (the skip link, navigation, headings of generated pages,
//! "N results") from one Fluent file per language in the theme's `i18n/`
//! folder (`en-GB.ftl`, `pl.ftl`, `ur.ftl`), which a site may override file
//! by file like a template. Plural forms come from Fluent's CLDR rules.
//!
//! The site's own language is complete by definition; a message another
//! language lacks is shown in English and is a warning naming the file and
//! the message, so a page is never silently half-translated.

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Diagnostic, SourceFile};

pub const FOLDER: &str = "i18n/";

pub struct Strings {
    /// The site's own language (`en-GB`), the fallback for every other.
    default: String,
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.bundles.keys()).finish()
    }
}

/// The strings, the errors (a file Fluent cannot read) and the warnings
/// (messages a language lacks).
pub struct Loaded {
    pub strings: Strings,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// `files`: each `.ftl` file by language code, with the path it is shown by.
pub fn load(files: Vec<(String, SourceFile)>, default: &str) -> Loaded {
    let mut errors = Vec::new();
    let mut bundles = BTreeMap::new();
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut shown: BTreeMap<String, String> = BTreeMap::new();
    for (lang, file) in files {
        let resource = match FluentResource::try_new(file.text.clone()) {
            Ok(resource) => resource,
            Err((resource, problems)) => {
                for problem in problems {
                    errors.push(
                        Diagnostic::at(
                            &file,
                            problem.pos.clone(),
                            "interface-strings",
                            format!("Fluent cannot read this: {}", problem.kind),
                        )
                        .help("write each message as `id = text`; see https://projectfluent.org/fluent/guide/"),
                    );
                }
                resource
            }
        };
        let Ok(id) = lang.parse::<LanguageIdentifier>() else {
            errors.push(
                Diagnostic::file(
                    &file.display_path,
                    "interface-strings",
                    format!("`{lang}` is not a language code"),
                )
                .help("name the file after a language code, e.g. pl.ftl"),
            );
            continue;
        };
        ids.insert(lang.clone(), message_ids(&resource));
        shown.insert(lang.clone(), file.display_path.clone());
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Values are isolated for bidi by `Translate` itself, which knows
        // which of them are addresses (an isolated address is a broken link).
        bundle.set_use_isolating(false);
        if let Err(clashes) = bundle.add_resource(resource) {
            for clash in clashes {
                errors.push(
                    Diagnostic::file(&file.display_path, "interface-strings", clash.to_string())
                        .help("give each message one definition"),
                );
            }
        }
        bundles.insert(lang, bundle);
    }
    let mut warnings = Vec::new();
    let english = ids.get(default).cloned().unwrap_or_default();
    if !bundles.contains_key(default) {
        errors.push(
            Diagnostic::file(
                format!("themes/default/{FOLDER}{default}.ftl"),
                "missing-file",
                "the interface text in the site's own language is missing",
            )
            .help(format!("restore {FOLDER}{default}.ftl in the theme")),
        );
    }
    for (lang, own) in &ids {
        if lang == default {
            continue;
        }
        for id in english.iter().filter(|id| !own.contains(id)) {
            warnings.push(
                Diagnostic::file(
                    &shown[lang],
                    "missing-translation",
                    format!("message `{id}` is missing, so pages in `{lang}` show it in English"),
                )
                .help(format!(
                    "add `{id} = ...` in the language of {}",
                    shown[lang]
                ))
                .warning(),
            );
        }
    }
    Loaded {
        strings: Strings {
            default: default.to_owned(),
            bundles,
        },
        errors,
        warnings,
    }
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    (resource.entries())
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

impl Strings {
    /// The message `id` in `lang`, or in the site's own language if `lang`
    /// lacks it; `None` if neither has it.
    pub fn get(&self, lang: &str, id: &str, args: &FluentArgs) -> Option<String> {
        [lang, self.default.as_str()]
            .into_iter()
            .find_map(|lang| self.format(lang, id, args))
    }

    fn format(&self, lang: &str, id: &str, args: &FluentArgs) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(args), &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }
}

/// `t(id="results", lang=lang, count=3)` in templates: every argument but
/// `id`, `lang` and `default` (shown if no file has the message) is passed
/// to the message.
pub struct Translate(pub std::sync::Arc<Strings>);

impl tera::Function for Translate {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let id = args
            .get("id")
            .and_then(|v| v.as_str())
            .ok_or("t() needs id=\"message-id\"")?;
        let lang = args
            .get("lang")
            .and_then(|v| v.as_str())
            .unwrap_or(&self.0.default);
        let mut fluent = FluentArgs::new();
        // A phone number or an English name inside Urdu text must keep its
        // own order, so in other languages each text value is isolated
        // (Unicode FSI ... PDI); an address (`/clusters/`) goes in an
        // attribute and must stay as it is.
        let isolate = lang != self.0.default;
        // `default`: what to show when no file has the message (the site's
        // name, which only a language's own file may translate).
        let default = args.get("default").and_then(|v| v.as_str());
        let own = |n: &str| !["id", "lang", "default"].contains(&n);
        for (name, value) in args.iter().filter(|(n, _)| own(n)) {
            // Messages are theme text, trusted like templates; the values put
            // in them may come from content, so they are escaped here.
            let value = match value {
                tera::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or_default()),
                tera::Value::String(s) if isolate && !s.starts_with('/') => {
                    FluentValue::from(format!("\u{2068}{}\u{2069}", tera::escape_html(s)))
                }
                tera::Value::String(s) => FluentValue::from(tera::escape_html(s)),
                other => FluentValue::from(tera::escape_html(&other.to_string())),
            };
            fluent.set(name.clone(), value);
        }
        self.0
            .get(lang, id, &fluent)
            .or_else(|| default.map(tera::escape_html))
            .map(tera::Value::String)
            .ok_or_else(|| {
                format!("no interface text `{id}` in {FOLDER}{}.ftl", self.0.default).into()
            })
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(lang: &str, text: &str) -> (String, SourceFile) {
        (
            lang.to_owned(),
            SourceFile::new(format!("themes/default/i18n/{lang}.ftl"), text),
        )
    }

    fn count(n: f64) -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        args.set("count", n);
        args
    }

    #[test]
    fn the_theme_files_give_each_language_its_own_plural_forms() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = crate::theme::load(root).expect("the theme loads");
        // Values in other languages are isolated (FSI ... PDI) for bidi.
        let s = |lang: &str, id: &str, args: &FluentArgs| {
            (theme.strings.get(lang, id, args)).map(|t| t.replace(['\u{2068}', '\u{2069}'], ""))
        };
        assert_eq!(s("en-GB", "find-results", &count(1.0)).unwrap(), "1 result");
        assert_eq!(
            s("en-GB", "find-results", &count(3.0)).unwrap(),
            "3 results"
        );
        assert_eq!(s("pl", "find-results", &count(1.0)).unwrap(), "1 wynik");
        assert_eq!(s("pl", "find-results", &count(3.0)).unwrap(), "3 wyniki");
        assert_eq!(s("pl", "find-results", &count(5.0)).unwrap(), "5 wyników");
        assert_eq!(s("pl", "find-results", &count(22.0)).unwrap(), "22 wyniki");
        assert_eq!(s("ur", "find-results", &count(1.0)).unwrap(), "1 نتیجہ");
        assert!(theme.warnings.is_empty(), "{:?}", theme.warnings);
    }

    #[test]
    fn a_missing_message_falls_back_to_english_and_is_a_warning() {
        let loaded = load(
            vec![
                file("en-GB", "a = Apple\nb = Bee\n"),
                file("pl", "a = Jabłko\n"),
            ],
            "en-GB",
        );
        assert!(loaded.errors.is_empty());
        let args = FluentArgs::new();
        assert_eq!(loaded.strings.get("pl", "a", &args).unwrap(), "Jabłko");
        assert_eq!(loaded.strings.get("pl", "b", &args).unwrap(), "Bee");
        let shorts: Vec<String> = loaded.warnings.iter().map(|w| w.short()).collect();
        assert_eq!(
            shorts,
            ["themes/default/i18n/pl.ftl:1:1: warning[missing-translation]: message `b` is missing, so pages in `pl` show it in English"]
        );
    }

    #[test]
    fn a_file_fluent_cannot_read_is_a_located_error() {
        let loaded = load(vec![file("en-GB", "a = Apple\n{ broken\n")], "en-GB");
        let shorts: Vec<String> = loaded.errors.iter().map(|w| w.short()).collect();
        assert!(
            shorts.len() == 1
                && shorts[0]
                    .starts_with("themes/default/i18n/en-GB.ftl:3:1: error[interface-strings]"),
            "{shorts:?}"
        );
    }
}
