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
            writeln!(
                out,
                "{:<7} {:<26} {:<8} {:<8} {:<7} summary",
                "code", "name", "severity", "default", "lang"
            )?;
            for r in RULES {
                let m = r.meta();
                let langs: Vec<&str> = m.langs.iter().map(|l| l.name()).collect();
                writeln!(
                    out,
                    "{:<7} {:<26} {:<8} {:<8} {:<7} {}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    if m.status == Status::Stable {
                        "on"
                    } else {
                        "off"
                    },
                    langs.join(","),
                    m.summary
                )?;
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
