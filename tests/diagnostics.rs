//! Every rule's example trips that rule (and only errors of that rule), its fix
//! passes cleanly, and the rendered diagnostics are snapshotted with their source.

use crate::support;

#[test]
fn every_rule_example_trips_its_rule_and_every_fix_is_clean() {
    let catalogue = support::catalogue();
    let mut failures = Vec::new();
    for rule in catalogue.rules() {
        let (Some(example), Some(fix)) = (&rule.example, &rule.fix) else {
            continue;
        };
        // E201 is the fallback for channels that name no rule of their own; the
        // stdlib names one everywhere, so it is exercised with a rule pack below.
        if rule.code == "E201" {
            continue;
        }
        let compilation =
            support::compile_text(&format!("{}.wire", rule.code), example, &catalogue);
        let codes: Vec<&str> = compilation
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .collect();
        if !codes.contains(&rule.code.as_str()) {
            failures.push(format!(
                "{}: example reports {codes:?}\n{}",
                rule.code,
                support::rendered(&compilation)
            ));
        } else if codes.iter().any(|code| *code != rule.code) {
            failures.push(format!(
                "{}: example also reports {codes:?}\n{}",
                rule.code,
                support::rendered(&compilation)
            ));
        }
        insta::with_settings!({ snapshot_suffix => rule.code.clone(), omit_expression => true, description => example.clone() }, {
            insta::assert_snapshot!("rule_example", support::rendered(&compilation));
        });
        let fixed = support::compile_text(&format!("{}-fix.wire", rule.code), fix, &catalogue);
        if !fixed.diagnostics.is_empty() {
            failures.push(format!(
                "{}: fix is not clean\n{}",
                rule.code,
                support::rendered(&fixed)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_mistakes_example_shows_every_diagnostic() {
    let catalogue = support::catalogue();
    let compilation =
        support::compile_file(std::path::Path::new("examples/mistakes.wire"), &catalogue);
    assert!(compilation.has_errors());
    insta::with_settings!({ omit_expression => true, description => "examples/mistakes.wire" }, {
        insta::assert_snapshot!("mistakes", support::rendered(&compilation));
    });
}

#[test]
fn an_unreachable_target_carries_a_machine_applicable_hop() {
    let catalogue = support::catalogue();
    let text = "codedeploy web -> trigger -> lambda notifier\n";
    let compilation = support::compile_text("a.wire", text, &catalogue);
    let suggestion = compilation.diagnostics[0]
        .suggestion
        .clone()
        .expect("a suggestion");
    let edit = &suggestion.edits[0];
    let mut fixed = text.to_string();
    fixed.replace_range(
        edit.span.start as usize..edit.span.end as usize,
        &edit.replacement,
    );
    assert_eq!(
        fixed,
        "codedeploy web -> trigger -> sns web-trigger -> lambda notifier\n"
    );
    assert!(
        support::compile_text("b.wire", &fixed, &catalogue)
            .diagnostics
            .is_empty()
    );
}

#[test]
fn the_generic_unreachable_rule_applies_when_a_channel_names_none() {
    let mut files = wirec::catalogue::embedded_files();
    for (path, text) in &mut files {
        if path == "services/alarm.yaml" {
            *text = text.replace("    unreachable: { rule: E309 }\n", "");
        }
    }
    let mut sources = wirec::source::SourceSet::new();
    let (catalogue, problems) = wirec::catalogue::Catalogue::load(&files, &mut sources);
    assert!(problems.is_empty(), "{problems:?}");
    let rule = catalogue.rule("E201").unwrap();
    let compilation =
        support::compile_text("E201.wire", rule.example.as_deref().unwrap(), &catalogue);
    let codes: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["E201"], "{}", support::rendered(&compilation));
    insta::with_settings!({ omit_expression => true, description => rule.example.clone().unwrap() }, {
        insta::assert_snapshot!("rule_example_generic_unreachable", support::rendered(&compilation));
    });
}
