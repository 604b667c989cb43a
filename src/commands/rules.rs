//! `connlint rule CODE` (a rule's page) and `connlint rules` (the table).

use std::io::Write;

use connlint::cli::RulesFormat;
use connlint::rules::{self, RULES, Status};

/// `connlint rule CODE`: the rule's page on stdout.
pub fn explain(rule: &str) -> anyhow::Result<u8> {
    let Some(r) = rules::find(rule) else {
        anyhow::bail!("unknown rule `{rule}`; `connlint rules` lists them");
    };
    let mut out = std::io::stdout().lock();
    out.write_all(r.meta().doc.as_bytes())?;
    Ok(0)
}

/// `connlint rules`: every rule, as a table or JSON.
pub fn list(output_format: RulesFormat) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    match output_format {
        RulesFormat::Text => {
            let rows: Vec<[String; 6]> = RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    let langs: Vec<&str> = m.langs.iter().map(|l| l.name()).collect();
                    let default = if m.status == Status::Stable {
                        "on"
                    } else {
                        "off"
                    };
                    [
                        m.code.to_owned(),
                        m.name.to_owned(),
                        m.severity.as_str().to_owned(),
                        default.to_owned(),
                        langs.join(","),
                        m.summary.to_owned(),
                    ]
                })
                .collect();
            let head =
                ["code", "name", "severity", "default", "lang", "summary"].map(str::to_owned);
            // Each column as wide as its widest cell, the summary last and unpadded.
            let mut widths = [0usize; 5];
            for row in std::iter::once(&head).chain(&rows) {
                for (w, cell) in widths.iter_mut().zip(row.iter()) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            for row in std::iter::once(&head).chain(&rows) {
                let mut line = String::new();
                for (w, cell) in widths.iter().zip(row.iter()) {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
                }
                line.push_str(&row[5]);
                writeln!(out, "{line}")?;
            }
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "code": m.code, "name": m.name, "severity": m.severity.as_str(),
                        "default": m.status == Status::Stable,
                        "languages": m.langs.iter().map(|l| l.name()).collect::<Vec<_>>(),
                        "summary": m.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
    }
    Ok(0)
}
