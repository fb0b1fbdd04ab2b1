//! Function code from the repository through the real binary: the zip is the
//! same bytes on every build, normalised, and the manifest and both backends
//! name the same key and hash; paths out of the project are E126.

use crate::support::{wirec, wirec_in};
use std::fmt::Write as _;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/code/resize.wire";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// Builds the fixture for both targets into `folder`; its manifest.
fn build_into(folder: &Path) -> serde_json::Value {
    let output = wirec(&[
        "build",
        "--target",
        "all",
        "-o",
        folder.to_str().unwrap(),
        FIXTURE,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let manifest = std::fs::read_to_string(folder.join("artifacts/resize.manifest.json")).unwrap();
    serde_json::from_str(&manifest).unwrap()
}

#[test]
fn the_zip_is_byte_identical_across_builds_and_normalised() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let manifest = build_into(first.path());
    assert_eq!(build_into(second.path()), manifest);
    let file = manifest["artifacts"][0]["file"].as_str().unwrap();
    let zip = std::fs::read(first.path().join("artifacts").join(file)).unwrap();
    assert_eq!(
        zip,
        std::fs::read(second.path().join("artifacts").join(file)).unwrap()
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert_eq!(archive.len(), 1);
    let entry = archive.by_index(0).unwrap();
    assert_eq!(entry.name().unwrap(), "app.py");
    assert_eq!(entry.unix_mode().map(|mode| mode & 0o777), Some(0o644));
    let time = entry.last_modified().unwrap();
    assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
    assert!(entry.extra_data().is_none_or(|extra| extra.is_empty()));
}

#[test]
fn the_manifest_and_both_backends_name_one_key_and_hash() {
    use sha2::Digest as _;
    let folder = tempfile::tempdir().unwrap();
    let manifest = build_into(folder.path());
    let artifact = &manifest["artifacts"][0];
    let key = artifact["s3Key"].as_str().unwrap();
    let sha256 = artifact["sha256"].as_str().unwrap();
    assert_eq!(artifact["source"], "functions/resize");
    assert_eq!(artifact["function"], "resize");
    assert!(key.starts_with("artifacts/resize-") && key.contains(&sha256[..16]));
    let zip = std::fs::read(
        folder
            .path()
            .join("artifacts")
            .join(artifact["file"].as_str().unwrap()),
    )
    .unwrap();
    let digest = sha2::Sha256::digest(&zip);
    let hex = digest.iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    });
    assert_eq!(hex, sha256);

    let template: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.path().join("resize.template.json")).unwrap(),
    )
    .unwrap();
    let code = &template["Resources"]["ResizeFunction"]["Properties"]["Code"];
    assert_eq!(code["S3Key"], key);
    assert_eq!(code["S3Bucket"]["Ref"], "ArtifactBucket");
    assert_eq!(template["Parameters"]["ArtifactBucket"]["Type"], "String");

    let terraform: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.path().join("resize.tf.json")).unwrap(),
    )
    .unwrap();
    let function = terraform["resource"]["aws_lambda_function"]
        .as_object()
        .and_then(|functions| functions.values().next())
        .unwrap();
    assert_eq!(function["filename"], format!("${{path.module}}/{key}"));
    // Terraform's form: base64 of the SHA-256 (`filebase64sha256`).
    let base64 = function["source_code_hash"].as_str().unwrap();
    assert_eq!(base64.len(), 44);
    assert_eq!(
        base64,
        base64_of(&digest),
        "source_code_hash is the zip's base64 SHA-256"
    );
    assert!(
        terraform["variable"].get("ArtifactBucket").is_none(),
        "Terraform uploads the zip itself"
    );
}

fn base64_of(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for byte in bytes {
        let _ = write!(bits, "{byte:08b}");
    }
    while !bits.len().is_multiple_of(6) {
        bits.push('0');
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|chunk| {
            let index = usize::from_str_radix(std::str::from_utf8(chunk).unwrap(), 2).unwrap();
            char::from(ALPHABET[index])
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

#[test]
fn check_compares_templates_not_zips() {
    let folder = tempfile::tempdir().unwrap();
    build_into(folder.path());
    std::fs::remove_dir_all(folder.path().join("artifacts")).unwrap();
    let output = wirec(&[
        "build",
        "--check",
        "--target",
        "all",
        "-o",
        folder.path().to_str().unwrap(),
        FIXTURE,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn code_out_of_the_project_or_missing_is_e126_at_the_value() {
    let folder = tempfile::tempdir().unwrap();
    let project = folder.path().join("project");
    std::fs::create_dir_all(project.join("functions/inside")).unwrap();
    std::fs::write(project.join("functions/inside/app.py"), "x = 1\n").unwrap();
    std::fs::create_dir_all(folder.path().join("secret")).unwrap();
    std::fs::write(folder.path().join("secret/key.py"), "token = 1\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(folder.path().join("secret"), project.join("functions/out"))
            .unwrap();
        std::os::unix::fs::symlink(
            folder.path().join("secret/key.py"),
            project.join("functions/inside/key.py"),
        )
        .unwrap();
    }
    for (code, reason) in [
        ("../secret", "climbs out"),
        ("/etc", "absolute"),
        ("./functions/missing", "No such file"),
        #[cfg(unix)]
        ("./functions/out", "symbolic link"),
        #[cfg(unix)]
        ("./functions/inside", "symbolic link"),
    ] {
        let wiring = format!("lambda f {{ code = \"{code}\" }}\n");
        std::fs::write(project.join("main.wire"), &wiring).unwrap();
        let output = wirec_in(&project, &["check", "main.wire"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{code}: {stderr}");
        assert!(stderr.contains("E126"), "{code}: {stderr}");
        assert!(stderr.contains(reason), "{code}: {stderr}");
        assert!(!stderr.contains("token"), "{code}: {stderr}");
        // The label stands at the value, on line 1.
        assert!(stderr.contains("main.wire:1:"), "{code}: {stderr}");
    }
}
