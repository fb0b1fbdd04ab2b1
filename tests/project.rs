//! Projects (`wire.toml` with `[build]` and `[env.NAME]`), `wirec init`, and
//! `wirec build --check` / `--diff`: the parser through the library, the rest
//! through the real binary in temporary folders.

use crate::support::{self, wirec_in};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use wirec::project::{ParamValue, Project, Selection};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\\', "/")
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|error| panic!("{}: {error}", path.as_ref().display()))
}

/// A project made by `wirec init` in a fresh folder.
fn initialised() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let output = wirec_in(folder.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    folder
}

#[test]
fn the_documented_project_file_parses_and_selects_environments() {
    let document = read("docs/projects.md");
    let blocks: Vec<&str> = document
        .split("```toml\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    assert!(blocks.len() >= 2, "docs/projects.md has toml examples");
    for block in &blocks {
        Project::parse(block).unwrap_or_else(|error| panic!("{error}\n{block}"));
    }
    let project = Project::parse(blocks[0]).unwrap();
    assert_eq!(project.build.sources, ["wiring/*.wire"]);
    assert_eq!(project.rules.deny, ["warnings"]);
    let base = project.select(None).unwrap();
    assert_eq!(base.output, Some(PathBuf::from("templates")));
    assert_eq!(base.region.as_deref(), Some("eu-west-1"));
    assert!(base.params.is_empty());
    let staging = project.select(Some("staging")).unwrap();
    assert_eq!(staging.output, Some(PathBuf::from("templates/staging")));
    assert_eq!(staging.region.as_deref(), Some("eu-west-1"));
    let prod = project.select(Some("prod")).unwrap();
    assert_eq!(prod.output, Some(PathBuf::from("deploy/prod")));
    assert_eq!(prod.region.as_deref(), Some("us-east-1"));
    assert_eq!(
        prod.params,
        [
            (
                "log-retention-days".to_string(),
                ParamValue::Number("365".into())
            ),
            ("stage".to_string(), ParamValue::Text("prod".into())),
            (
                "worker-memory".to_string(),
                ParamValue::Number("1024".into())
            ),
        ]
    );
    insta::assert_snapshot!(
        project.select(Some("prd")).unwrap_err(),
        @"no environment `prd` in wire.toml; did you mean `prod`?"
    );
}

#[test]
fn project_file_mistakes_are_reported() {
    let mistakes = [
        "[build]\ntarget = \"pulumi\"",
        "[build]\nsource = [\"a.wire\"]",
        "[env.prod]\nparams = { tags = [\"a\"] }",
        "[env.\"../prod\"]",
    ];
    let errors: Vec<String> = mistakes
        .iter()
        .map(|text| Project::parse(text).unwrap_err())
        .collect();
    assert!(errors[0].contains("pulumi"), "{}", errors[0]);
    assert!(
        errors[1].contains("unknown field `source`"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].contains("a string, a number or a boolean"),
        "{}",
        errors[2]
    );
    assert!(errors[3].contains("letters, digits"), "{}", errors[3]);
    let none = Project::parse("").unwrap();
    insta::assert_snapshot!(
        none.select(Some("prod")).unwrap_err(),
        @"no environment `prod`: the project defines none (add an `[env.prod]` table to wire.toml)"
    );
}

#[test]
fn environment_parameters_must_be_declared_and_not_secret() {
    let selection = Selection {
        environment: Some("prod".into()),
        params: vec![("retention-day".into(), ParamValue::Number("90".into()))],
        ..Selection::default()
    };
    let declared = [
        ("retention-days".to_string(), false),
        ("token".to_string(), true),
    ];
    insta::assert_snapshot!(
        selection.check_params(&declared).unwrap_err(),
        @"environment `prod` sets `retention-day`, but no `param retention-day` is declared; did you mean `retention-days`?"
    );
    let secret = Selection {
        params: vec![("token".into(), ParamValue::Text("abc".into()))],
        ..selection.clone()
    };
    assert!(
        secret
            .check_params(&declared)
            .unwrap_err()
            .contains("secret")
    );
    let fine = Selection {
        params: vec![("retention-days".into(), ParamValue::Number("90".into()))],
        ..selection
    };
    assert_eq!(fine.check_params(&declared), Ok(()));
}

#[test]
fn options_params_become_the_parameters_defaults() {
    let catalogue = support::catalogue();
    let wiring = "param stage = \"dev\"\nparam days\nparam flag = \"x\"\nloggroup logs { retention = days, tags = { stage = stage, flag = flag } }\n";
    let loader = support::Memory(HashMap::from([(
        PathBuf::from("main.wire"),
        wiring.to_string(),
    )]));
    let options = wirec::Options {
        params: vec![
            ("days".into(), ParamValue::Number("90".into())),
            ("flag".into(), ParamValue::Bool(true)),
            ("stage".into(), ParamValue::Text("prod".into())),
        ],
        ..wirec::Options::default()
    };
    let compilation = wirec::compile_with(Path::new("main.wire"), &loader, &catalogue, &options);
    assert!(
        compilation.diagnostics.is_empty(),
        "{:?}",
        compilation.diagnostics
    );
    let template = compilation.cloudformation(&catalogue).unwrap();
    let parameters = &template["Parameters"];
    assert_eq!(parameters["Days"]["Type"], "Number");
    assert_eq!(parameters["Days"]["Default"], 90);
    assert_eq!(parameters["Stage"]["Default"], "prod");
    assert_eq!(parameters["Flag"]["Default"], "true");
}

#[test]
fn init_scaffolds_a_project_that_builds_cleanly_and_never_overwrites() {
    let folder = tempfile::tempdir().unwrap();
    let output = wirec_in(folder.path(), &["init", "shop"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    insta::assert_snapshot!(text(&output.stderr), @r"
    created shop/wire.toml
    created shop/wiring/main.wire
    created shop/README.md
    next: `cd shop && wirec build` writes templates/main.template.json
    ");
    let shop = folder.path().join("shop");
    let check = wirec_in(&shop, &["check"]);
    insta::assert_snapshot!(text(&check.stderr), @"checked 1 file: 0 errors, 0 warnings");
    let build = wirec_in(&shop, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    insta::assert_snapshot!(text(&build.stderr), @"wrote templates/main.template.json");

    // A second init writes nothing, not even the files that are missing.
    std::fs::remove_file(shop.join("README.md")).unwrap();
    let again = wirec_in(&shop, &["init"]);
    assert_eq!(again.status.code(), Some(2));
    insta::assert_snapshot!(text(&again.stderr), @"error: wire.toml and wiring/main.wire already exist; `wirec init` never overwrites a file, so it wrote nothing");
    assert!(!shop.join("README.md").exists());

    // An existing README is kept as it is.
    let other = folder.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("README.md"), "mine\n").unwrap();
    let output = wirec_in(&other, &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(read(other.join("README.md")), "mine\n");
    assert!(text(&output.stderr).contains("README.md exists and is left as it is"));
}

#[test]
fn an_environment_bakes_its_values_in_as_defaults_in_its_own_folder() {
    let project = initialised();
    let folder = project.path();
    let output = wirec_in(folder, &["build", "--env", "prod"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    insta::assert_snapshot!(text(&output.stderr), @"wrote templates/prod/main.template.json");
    let prod: serde_json::Value =
        serde_json::from_str(&read(folder.join("templates/prod/main.template.json"))).unwrap();
    insta::assert_json_snapshot!(prod["Parameters"], @r#"
    {
      "Stage": {
        "Type": "String",
        "Default": "prod",
        "Description": "Declared at wiring/main.wire:3:7"
      },
      "WorkerMemory": {
        "Type": "Number",
        "Default": 1024,
        "Description": "Declared at wiring/main.wire:4:7"
      },
      "LogRetentionDays": {
        "Type": "Number",
        "Default": 365,
        "Description": "Declared at wiring/main.wire:5:7"
      }
    }
    "#);
    assert!(!folder.join("templates/main.template.json").exists());

    let unknown = wirec_in(folder, &["build", "--env", "prd"]);
    assert_eq!(unknown.status.code(), Some(2));
    insta::assert_snapshot!(text(&unknown.stderr), @"error: no environment `prd` in wire.toml; did you mean `prod`?");

    let toml =
        read(folder.join("wire.toml")).replace("log-retention-days = 365", "log-retention = 365");
    std::fs::write(folder.join("wire.toml"), toml).unwrap();
    let typo = wirec_in(folder, &["build", "--env", "prod"]);
    assert_eq!(typo.status.code(), Some(2));
    insta::assert_snapshot!(text(&typo.stderr), @"error: environment `prod` sets `log-retention`, but no `param log-retention` is declared; did you mean `log-retention-days`?");
}

#[test]
fn check_fails_on_stale_missing_and_extra_templates_and_writes_nothing() {
    let project = initialised();
    let folder = project.path();
    // Nothing built yet: the template is missing, and --check does not create the folder.
    let missing = wirec_in(folder, &["build", "--check"]);
    assert_eq!(missing.status.code(), Some(1));
    insta::assert_snapshot!(text(&missing.stdout), @"templates/main.template.json: missing");
    assert!(!folder.join("templates").exists());

    assert_eq!(wirec_in(folder, &["build"]).status.code(), Some(0));
    let current = wirec_in(folder, &["build", "--check"]);
    assert_eq!(current.status.code(), Some(0), "{}", text(&current.stderr));
    insta::assert_snapshot!(text(&current.stderr), @"1 generated file is up to date");

    // The wiring changes after the template was committed; an old template stays behind.
    let templates = folder.join("templates");
    let built = read(templates.join("main.template.json"));
    std::fs::write(templates.join("old.template.json"), &built).unwrap();
    std::fs::write(templates.join("notes.template.json"), "{}\n").unwrap();
    std::fs::write(templates.join("README.md"), "hand-written\n").unwrap();
    let wiring = read(folder.join("wiring/main.wire"))
        .replace("param worker-memory = 256", "param worker-memory = 512");
    std::fs::write(folder.join("wiring/main.wire"), wiring).unwrap();

    let stale = wirec_in(folder, &["build", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    insta::assert_snapshot!(text(&stale.stdout), @r"
    templates/main.template.json: differs from what its sources produce
    templates/old.template.json: extra: generated by wirec, but no source produces it
    ");
    insta::assert_snapshot!(text(&stale.stderr), @"error: 2 generated files are out of date: build without --check or --diff to update them, and delete the ones no source produces");

    let diff = wirec_in(folder, &["build", "--diff"]);
    assert_eq!(diff.status.code(), Some(1));
    let shown = text(&diff.stdout);
    let (changed, extra) = shown
        .split_once("--- a/templates/old.template.json")
        .unwrap();
    insta::assert_snapshot!(changed, @r#"
    --- a/templates/main.template.json
    +++ b/templates/main.template.json
    @@ -9,7 +9,7 @@
         },
         "WorkerMemory": {
           "Type": "Number",
    -      "Default": 256,
    +      "Default": 512,
           "Description": "Declared at wiring/main.wire:4:7"
         },
         "LogRetentionDays": {
    "#);
    assert!(extra.starts_with("\n+++ /dev/null\n@@ -1,"), "{extra}");
    assert!(extra.lines().skip(3).all(|line| line.starts_with('-')));

    // Neither mode wrote anything.
    assert_eq!(read(templates.join("main.template.json")), built);
    assert_eq!(std::fs::read_dir(&templates).unwrap().count(), 4);
}

#[test]
fn templates_do_not_depend_on_the_folder_wirec_runs_in() {
    let project = initialised();
    let folder = project.path();
    assert_eq!(wirec_in(folder, &["build"]).status.code(), Some(0));
    let elsewhere = tempfile::tempdir().unwrap();
    let manifest = folder.join("wire.toml");
    let check = wirec_in(
        elsewhere.path(),
        &["--project", manifest.to_str().unwrap(), "build", "--check"],
    );
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

/// Run from a folder inside a project, wirec finds the project's `wire.toml`
/// in a parent folder (as Cargo does) and writes where the project says, with
/// the same bytes as from the project's own folder.
#[test]
fn a_project_is_found_from_a_folder_inside_it() {
    let project = initialised();
    let folder = project.path();
    let inside = folder.join("wiring").join("deeper");
    std::fs::create_dir_all(&inside).unwrap();
    let build = wirec_in(&inside, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    let template = folder.join("templates").join("main.template.json");
    let from_inside = read(&template);
    assert!(
        !inside.join("templates").exists(),
        "output goes to the project's folder"
    );
    std::fs::remove_file(&template).unwrap();
    assert_eq!(wirec_in(folder, &["build"]).status.code(), Some(0));
    assert_eq!(read(&template), from_inside);
    let check = wirec_in(&inside, &["build", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

#[test]
fn many_sources_build_in_parallel_into_the_same_bytes_in_source_order() {
    let folder = tempfile::tempdir().unwrap();
    let wiring = folder.path().join("wiring");
    std::fs::create_dir_all(wiring.join("shared")).unwrap();
    let examples = ["s3-ingest", "stream-processing", "cicd-notifications"];
    let mut names = Vec::new();
    for index in 0..8 {
        for example in examples {
            let name = format!("{example}-{index}");
            std::fs::copy(
                Path::new("examples").join(format!("{example}.wire")),
                wiring.join(format!("{name}.wire")),
            )
            .unwrap();
            names.push(name);
        }
    }
    std::fs::write(wiring.join("shared/topics.wire"), "sns shared-topic\n").unwrap();
    std::fs::write(wiring.join("skip.wire"), "this does not parse\n").unwrap();
    std::fs::write(
        folder.path().join("wire.toml"),
        "[build]\nsources = [\"wiring/**/*.wire\"]\nexclude = [\"wiring/skip.wire\", \"wiring/shared/*\"]\noutput = \"out\"\ntarget = \"all\"\n",
    )
    .unwrap();
    let output = wirec_in(folder.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    names.sort();
    let written: Vec<String> = text(&output.stderr)
        .lines()
        .filter_map(|line| line.strip_prefix("wrote out/"))
        // The stubs' zips (s3-ingest's handler is `importer.handler`).
        .filter(|name| !name.starts_with("artifacts/"))
        .map(str::to_string)
        .collect();
    let expected: Vec<String> = names
        .iter()
        .flat_map(|name| [format!("{name}.template.json"), format!("{name}.tf.json")])
        .collect();
    assert_eq!(written, expected);
    // On one thread (`-j 1`): the same files, in the same order, with the same bytes.
    let serial = wirec_in(folder.path(), &["build", "-j", "1", "-o", "serial"]);
    assert_eq!(serial.status.code(), Some(0), "{}", text(&serial.stderr));
    let serial_written: Vec<String> = text(&serial.stderr)
        .lines()
        .filter_map(|line| line.strip_prefix("wrote serial/"))
        .filter(|name| !name.starts_with("artifacts/"))
        .map(str::to_string)
        .collect();
    assert_eq!(serial_written, expected);
    for file in &expected {
        assert_eq!(
            read(folder.path().join("serial").join(file)),
            read(folder.path().join("out").join(file)),
            "{file}"
        );
    }
    let zero = wirec_in(folder.path(), &["build", "-j", "0"]);
    assert_eq!(zero.status.code(), Some(2), "no jobs is a usage error");
    // One file at a time, each alone, gives the same bytes.
    for name in names.iter().step_by(5) {
        let alone = folder.path().join("alone");
        let source = format!("wiring/{name}.wire");
        let output = wirec_in(folder.path(), &["build", &source, "-o", "alone"]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let file = format!("{name}.template.json");
        assert_eq!(
            read(alone.join(&file)),
            read(folder.path().join("out").join(&file))
        );
    }
}

#[test]
fn build_without_files_needs_a_project() {
    let folder = tempfile::tempdir().unwrap();
    let output = wirec_in(folder.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(text(&output.stderr), @"error: no files given and no wire.toml here or in a parent folder: name the root files, or create a project with `wirec init` (docs/projects.md)");
    let env = wirec_in(folder.path(), &["check", "x.wire", "--env", "prod"]);
    assert_eq!(env.status.code(), Some(2));
    std::fs::write(
        folder.path().join("wire.toml"),
        "[build]\nsources = [\"w/*.wire\"]\n",
    )
    .unwrap();
    let output = wirec_in(folder.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(text(&output.stderr), @"error: wire.toml: the sources entry `w/*.wire` matches no file in the current folder");
}

#[test]
fn two_roots_with_one_name_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(folder.path().join(sub)).unwrap();
        std::fs::write(folder.path().join(sub).join("main.wire"), "sqs jobs\n").unwrap();
    }
    let output = wirec_in(
        folder.path(),
        &["build", "a/main.wire", "b/main.wire", "-o", "out"],
    );
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(text(&output.stderr), @"error: a/main.wire and b/main.wire would both write out/main.*: rename one of them");
}
