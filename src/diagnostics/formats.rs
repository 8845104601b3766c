//! Findings for CI: GitHub workflow commands (`check --format github`),
//! which put each finding on its line in a pull request, and SARIF 2.1.0
//! (`check --format sarif`) for code-scanning tools.

use super::{Report, Severity};

/// One workflow command per finding:
/// `::error file=…,line=…,col=…,title=…::message`, the help on a second
/// line of the message. Escaped as GitHub's own toolkit escapes them, so
/// that no text in a finding can end the command or start another.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.items {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(&d.file),
            d.line,
            d.column,
            escape_property(&format!("clustersite {}", d.rule)),
            escape_data(&message)
        ));
    }
    out
}

/// A workflow command's message: `%`, carriage return and new line.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, and `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The report as a SARIF 2.1.0 log with one run of clustersite.
pub fn sarif(report: &Report) -> String {
    let results: Vec<serde_json::Value> = report
        .items
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            serde_json::json!({
                "ruleId": d.rule,
                "level": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": d.file },
                        "region": { "startLine": d.line, "startColumn": d.column }
                    }
                }]
            })
        })
        .collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "clustersite",
                "version": env!("CARGO_PKG_VERSION"),
            }},
            "results": results
        }]
    });
    serde_json::to_string_pretty(&log).expect("SARIF serialises")
}

#[cfg(test)]
mod tests {
    use super::super::{Diagnostic, SourceFile};
    use super::*;

    #[test]
    fn github_commands_escape_what_would_end_or_split_them() {
        let file = SourceFile::new(
            "content/pages/a,b:c%.md",
            "title = \"x\"\nsummary = \"y\"\n",
        );
        let mut report = Report::default();
        report.push(
            Diagnostic::at(
                &file,
                12..19,
                "unsafe-text",
                "100% sure: a, b\r\nand ::error::x",
            )
            .help("fix it: now"),
        );
        report.push(Diagnostic::file("content/site.toml", "out-of-date", "old").warning());
        assert_eq!(
            github(&report),
            "::error file=content/pages/a%2Cb%3Ac%25.md,line=2,col=1,title=clustersite unsafe-text::100%25 sure: a, b%0D%0Aand ::error::x%0Ahelp: fix it: now\n\
             ::warning file=content/site.toml,line=1,col=1,title=clustersite out-of-date::old\n"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("a:b,c%\r"), "a:b,c%25%0D");
    }

    #[test]
    fn sarif_has_one_result_per_finding() {
        let mut report = Report::default();
        report.push(Diagnostic::file("content/a.md", "empty-file", "empty").help("add text"));
        let log: serde_json::Value = serde_json::from_str(&sarif(&report)).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "empty-file");
        assert_eq!(result["level"], "error");
        assert_eq!(result["message"]["text"], "empty\nhelp: add text");
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(1), Some(1))
        );
    }
}
