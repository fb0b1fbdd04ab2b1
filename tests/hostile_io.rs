//! Hostile files and streams (issue #12): what `use`, `wire.toml`, committed
//! templates and the language server's input may make wirec read, and how it
//! survives what they point at. Every test runs the real binary under a
//! deadline, so a hang fails instead of stalling the suite.

use crate::support::{lsp_frame, lsp_read};
use serde_json::{Value, json};
use std::io::{BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one run may take before the test calls it a hang.
const DEADLINE: Duration = Duration::from_secs(30);

/// What a secret outside the project says; it must never reach any output.
const SECRET: &str = "SECRET-4f1c9e";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\\', "/")
}

/// Runs the binary in `folder` with `arguments`, killing it after [`DEADLINE`].
fn run(folder: &Path, arguments: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wirec"));
    command.args(arguments);
    run_command(folder, command)
}

fn run_command(folder: &Path, mut command: Command) -> Output {
    let mut child = command
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("wirec {command:?} hung for {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// A temporary folder with `project/` (where wirec runs) and `outside/`,
/// which holds `secret.wire`, a file the project must not read.
fn workspace() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(folder.path().join("project/wiring")).unwrap();
    std::fs::create_dir_all(folder.path().join("outside")).unwrap();
    std::fs::write(
        folder.path().join("outside/secret.wire"),
        format!("{SECRET} is not wiring\n"),
    )
    .unwrap();
    folder
}

fn write(path: impl AsRef<Path>, text: &str) {
    let path = path.as_ref();
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// The diagnostics of `wirec check FILE --message-format sarif` in `folder`,
/// with the whole output for the secret check.
fn sarif_check(folder: &Path, file: &str) -> (Vec<String>, String) {
    let output = run(folder, &["check", file, "--message-format", "sarif"]);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let log: Value = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!("{error}\n{stdout}\n{}", text(&output.stderr));
    });
    let results = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            format!(
                "{} {}",
                result["ruleId"].as_str().unwrap(),
                result["message"]["text"].as_str().unwrap()
            )
        })
        .collect();
    (results, format!("{stdout}{}", text(&output.stderr)))
}

#[test]
fn use_of_a_file_outside_the_project_is_refused_unread() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    let secret = workspace.path().join("outside/secret.wire");
    let absolute = secret.to_str().unwrap().replace('\\', "/");
    for used in [absolute.as_str(), "../outside/secret.wire", "../../x.wire"] {
        write(
            project.join("main.wire"),
            &format!("use \"{used}\"\nsqs jobs -> lambda worker\n"),
        );
        let (results, output) = sarif_check(&project, "main.wire");
        assert_eq!(results.len(), 1, "{used}: {results:?}");
        assert!(results[0].starts_with("E115 "), "{used}: {results:?}");
        assert!(!output.contains(SECRET), "{used}: {output}");
    }
    // A file under the project's folder is still read.
    write(project.join("wiring/queue.wire"), "sqs jobs\n");
    write(
        project.join("main.wire"),
        "use \"wiring/../wiring/queue.wire\"\njobs -> lambda worker\n",
    );
    let (results, _) = sarif_check(&project, "main.wire");
    assert!(results.is_empty(), "{results:?}");
}

#[cfg(unix)]
#[test]
fn use_of_system_files_is_refused_and_their_text_is_never_shown() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    for used in [
        "/etc/passwd",
        "/proc/self/environ",
        "/dev/zero",
        "/dev/stdin",
    ] {
        write(
            project.join("main.wire"),
            &format!("use \"{used}\"\nsqs jobs -> lambda worker\n"),
        );
        let mut command = Command::new(env!("CARGO_BIN_EXE_wirec"));
        command
            .args(["check", "main.wire", "--message-format", "sarif"])
            .env("WIREC_TEST_TOKEN", SECRET);
        let output = run_command(&project, command);
        assert_eq!(output.status.code(), Some(1), "{used}");
        let stdout = text(&output.stdout);
        assert!(stdout.contains("\"ruleId\": \"E115\""), "{used}: {stdout}");
        assert!(!stdout.contains("\"ruleId\": \"E001\""), "{used}: {stdout}");
        assert!(
            !stdout.contains(SECRET) && !stdout.contains("root:"),
            "{used}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_project_is_outside() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    std::os::unix::fs::symlink(
        workspace.path().join("outside/secret.wire"),
        project.join("wiring/shared.wire"),
    )
    .unwrap();
    std::os::unix::fs::symlink(workspace.path().join("outside"), project.join("linked")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", project.join("zero.wire")).unwrap();
    for used in ["wiring/shared.wire", "linked/secret.wire", "zero.wire"] {
        write(
            project.join("main.wire"),
            &format!("use \"{used}\"\nsqs jobs -> lambda worker\n"),
        );
        let (results, output) = sarif_check(&project, "main.wire");
        assert_eq!(results.len(), 1, "{used}: {results:?}");
        assert!(
            results[0].starts_with("E115 ") && results[0].contains("symbolic link"),
            "{used}: {results:?}"
        );
        assert!(!output.contains(SECRET), "{used}: {output}");
    }
    // A link that stays inside is fine.
    write(project.join("wiring/queue.wire"), "sqs jobs\n");
    std::os::unix::fs::symlink("wiring/queue.wire", project.join("queue.wire")).unwrap();
    write(
        project.join("main.wire"),
        "use \"queue.wire\"\njobs -> lambda worker\n",
    );
    let (results, _) = sarif_check(&project, "main.wire");
    assert!(results.is_empty(), "{results:?}");
}

#[test]
fn allow_use_in_wire_toml_opens_a_folder_outside() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    write(workspace.path().join("shared/queue.wire"), "sqs jobs\n");
    write(
        project.join("wiring/main.wire"),
        "use \"../../shared/queue.wire\"\njobs -> lambda worker\n",
    );
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"wiring/*.wire\"]\noutput = \"templates\"\n",
    );
    let refused = run(&project, &["check"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("[E115]"),
        "{}",
        text(&refused.stderr)
    );
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"wiring/*.wire\"]\noutput = \"templates\"\nallow-use = [\"../shared\"]\n",
    );
    let allowed = run(&project, &["build"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stderr));
    // The allowance covers that folder only.
    write(
        project.join("wiring/main.wire"),
        "use \"../../outside/secret.wire\"\nsqs jobs -> lambda worker\n",
    );
    let other = run(&project, &["check"]);
    assert!(text(&other.stderr).contains("[E115]"));
    assert!(!text(&other.stderr).contains(SECRET));
}

#[cfg(unix)]
#[test]
fn only_regular_files_up_to_the_limit_are_read() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    let status = Command::new("mkfifo")
        .arg(project.join("pipe.wire"))
        .status()
        .unwrap();
    assert!(status.success());
    // 17 MiB of nothing, without writing them (a sparse file).
    std::fs::File::create(project.join("big.wire"))
        .unwrap()
        .set_len(17 << 20)
        .unwrap();
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"main.wire\"]\nallow-use = [\"/dev\"]\n",
    );
    for (used, reason) in [
        ("pipe.wire", "not a regular file"),
        ("big.wire", "larger than 16 MiB"),
        ("/dev/zero", "not a regular file"),
        (".", "cannot read `.`: it is a folder"),
    ] {
        write(
            project.join("main.wire"),
            &format!("use \"{used}\"\nsqs jobs -> lambda worker\n"),
        );
        let output = run(&project, &["check", "--message-format", "json"]);
        let stdout = text(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{used}: {stdout}");
        assert!(
            stdout.contains("\"code\":\"E109\"") && stdout.contains(reason),
            "{used}: {stdout}"
        );
    }
    // Files named on the command line, the project file and the catalogue too.
    for arguments in [
        &["check", "pipe.wire", "--message-format", "json"][..],
        &["check", "/dev/zero", "--message-format", "json"],
        &["fmt", "pipe.wire"],
        &["--project", "pipe.wire", "rules"],
        &["--project", "/dev/zero", "rules"],
    ] {
        let output = run(&project, arguments);
        let everything = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(2), "{arguments:?}: {everything}");
        assert!(
            everything.contains("not a regular file"),
            "{arguments:?}: {everything}"
        );
    }
    std::fs::create_dir_all(workspace.path().join("stdlib")).unwrap();
    let status = Command::new("mkfifo")
        .arg(workspace.path().join("stdlib/services.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    let output = run(&project, &["--stdlib", "../stdlib", "rules"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
}

#[test]
fn wire_toml_paths_stay_in_the_project() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    write(project.join("main.wire"), "sqs jobs -> lambda worker\n");
    for (table, entry) in [
        ("build]\nsources", "/etc/*"),
        ("build]\nsources", "../../../etc/*"),
        ("build]\nsources", "/**/*.wire"),
        ("build]\nsources", "../outside/secret.wire"),
        ("build]\nsources", "wiring/../../outside/*.wire"),
        ("build]\nexclude", "/etc/*"),
        ("rules]\npacks", "../outside"),
        ("rules]\npacks", "/etc"),
    ] {
        write(
            project.join("wire.toml"),
            &format!("[{table} = [\"{entry}\"]\n"),
        );
        let output = run(&project, &["check"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{entry}: {stderr}");
        assert!(
            stderr.contains(&format!("entry `{entry}`")) && stderr.contains("wire.toml"),
            "{entry}: {stderr}"
        );
        assert!(!stderr.contains(SECRET), "{entry}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn glob_matches_and_rule_packs_that_links_lead_outside_are_refused() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    write(
        project.join("wiring/main.wire"),
        "sqs jobs -> lambda worker\n",
    );
    std::os::unix::fs::symlink(
        workspace.path().join("outside/secret.wire"),
        project.join("wiring/secret.wire"),
    )
    .unwrap();
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"wiring/*.wire\"]\n",
    );
    let output = run(&project, &["check", "--message-format", "sarif"]);
    let everything = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{everything}");
    assert!(
        everything.contains("leaving out wiring/secret.wire"),
        "{everything}"
    );
    assert!(everything.contains("checked 1 file"), "{everything}");
    assert!(!everything.contains(SECRET), "{everything}");
    // `**` does not enter a link to a folder: a link to `/` does not make it walk the disk.
    std::os::unix::fs::symlink("/", project.join("everything")).unwrap();
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"**/*.wire\"]\n",
    );
    let output = run(&project, &["check"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("checked 1 file"), "{stderr}");
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"everything/**/*.wire\"]\n",
    );
    let output = run(&project, &["check"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("leaving out everything"), "{stderr}");
    // Named one by one, it is an error.
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"wiring/secret.wire\"]\n",
    );
    assert_eq!(run(&project, &["check"]).status.code(), Some(2));
    // A rule pack is part of the project too.
    write(workspace.path().join("outside/pack.yaml"), "rules: []\n");
    std::os::unix::fs::symlink(workspace.path().join("outside"), project.join("rules")).unwrap();
    for pack in ["rules", "rules/pack.yaml"] {
        write(
            project.join("wire.toml"),
            &format!("[rules]\npacks = [\"{pack}\"]\n"),
        );
        let output = run(&project, &["check", "wiring/main.wire"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{pack}: {stderr}");
        assert!(stderr.contains("symbolic link"), "{pack}: {stderr}");
    }
}

/// A project whose `templates/main.template.json` is what `make` makes of it.
#[cfg(unix)]
fn committed(make: impl FnOnce(&Path, &Path)) -> tempfile::TempDir {
    let workspace = workspace();
    let project = workspace.path().join("project");
    write(
        project.join("wiring/main.wire"),
        "sqs jobs -> lambda worker\n",
    );
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"wiring/*.wire\"]\noutput = \"templates\"\n",
    );
    std::fs::create_dir_all(project.join("templates")).unwrap();
    make(
        workspace.path(),
        &project.join("templates/main.template.json"),
    );
    workspace
}

#[cfg(unix)]
#[test]
fn build_check_reads_committed_templates_as_regular_files_in_the_output_folder() {
    let fifo = committed(|_, template| {
        assert!(
            Command::new("mkfifo")
                .arg(template)
                .status()
                .unwrap()
                .success()
        );
    });
    let zero = committed(|_, template| {
        std::os::unix::fs::symlink("/dev/zero", template).unwrap();
    });
    let secret = committed(|workspace, template| {
        std::os::unix::fs::symlink(workspace.join("outside/secret.wire"), template).unwrap();
    });
    for (workspace, reason) in [
        (&fifo, "not a regular file"),
        (&zero, "leads out of the output folder"),
        (&secret, "leads out of the output folder"),
    ] {
        for mode in ["--check", "--diff"] {
            let output = run(&workspace.path().join("project"), &["build", mode]);
            let everything = format!("{}{}", text(&output.stdout), text(&output.stderr));
            assert_eq!(output.status.code(), Some(2), "{mode}: {everything}");
            assert!(everything.contains(reason), "{mode}: {everything}");
            assert!(!everything.contains(SECRET), "{mode}: {everything}");
        }
    }
}

#[cfg(unix)]
#[test]
fn generated_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let workspace = workspace();
    let project = workspace.path().join("project");
    write(project.join("main.wire"), "sqs jobs -> lambda worker\n");
    for (umask, mode) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("umask {umask} && exec \"$0\" build main.wire -o out"),
            env!("CARGO_BIN_EXE_wirec"),
        ]);
        let output = run_command(&project, command);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let written = std::fs::metadata(project.join("out/main.template.json")).unwrap();
        assert_eq!(written.permissions().mode() & 0o777, mode, "umask {umask}");
    }
}

#[test]
fn a_killed_builds_temporary_files_are_removed_but_a_live_ones_are_not() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    write(project.join("main.wire"), "sqs jobs -> lambda worker\n");
    let out = project.join("out");
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for name in [".wirec-k1Ll3d.tmp", ".wirec-l1v3ly.tmp", ".tmpUSER01"] {
        write(out.join(name), "{");
        if name != ".wirec-l1v3ly.tmp" {
            std::fs::File::options()
                .write(true)
                .open(out.join(name))
                .unwrap()
                .set_modified(an_hour_ago)
                .unwrap();
        }
    }
    let output = run(&project, &["build", "main.wire", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("removed 1 temporary file"),
        "{}",
        text(&output.stderr)
    );
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".tmpUSER01", ".wirec-l1v3ly.tmp", "main.template.json"]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_that_are_not_utf8_are_refused() {
    use std::os::unix::ffi::OsStrExt as _;
    let workspace = workspace();
    let project = workspace.path().join("project");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.wire");
    std::fs::write(project.join(name), "sqs jobs -> lambda worker\n").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_wirec"));
    command
        .args(["check", "--message-format", "json"])
        .arg(name);
    let output = run_command(&project, command);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("is not UTF-8"));
    assert!(!text(&output.stdout).contains('\u{fffd}'));
    write(
        project.join("wire.toml"),
        "[build]\nsources = [\"*.wire\"]\n",
    );
    let output = run(&project, &["check", "--message-format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("is not UTF-8"));
}

/// `wirec lsp` running in a folder, and the messages it writes as they come.
struct Server {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    messages: mpsc::Receiver<Value>,
}

impl Server {
    fn start(folder: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wirec"))
            .arg("lsp")
            .current_dir(folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = lsp_read(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message with `id`, or the first with `method`, in time.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(started.elapsed());
            let message = self
                .messages
                .recv_timeout(left)
                .expect("the server answered in time (no hang, no crash)");
            if wanted(&message) {
                return message;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn initialize() -> Vec<u8> {
    lsp_frame(&json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} }
    }))
}

#[test]
fn the_language_server_answers_after_any_malformed_frame() {
    let long_line = "x".repeat(100_000);
    for bad in [
        "Content-Length: abc\r\n\r\n{}",
        "Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
        "Content-Length: -5\r\n\r\n{}",
        "Content-Length: 99999999999999\r\n\r\n{}",
        "Content-Length: 18446744073709551615\r\n\r\n{}",
        "Content-Length: 1000000000\r\n\r\n{}",
        "Content-Length: 2\r\n\r\n{]",
        "no header at all\r\n\r\n",
        long_line.as_str(),
    ] {
        let mut server = Server::start(Path::new(env!("CARGO_MANIFEST_DIR")));
        server.send(bad.as_bytes());
        server.send(&initialize());
        let answer = server.wait_for(|message| message["id"] == 1);
        assert!(
            answer["result"]["capabilities"].is_object(),
            "{bad:.40}: {answer}"
        );
        // And it goes on serving.
        server.send(&lsp_frame(
            &json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }),
        ));
        let answer = server.wait_for(|message| message["id"] == 2);
        assert!(answer.get("error").is_none(), "{bad:.40}: {answer}");
    }
}

#[test]
fn the_language_server_never_reads_its_own_input_or_files_outside() {
    let workspace = workspace();
    let project = workspace.path().join("project");
    let mut server = Server::start(&project);
    server.send(&initialize());
    server.wait_for(|message| message["id"] == 1);
    let root = std::path::absolute(&project).unwrap();
    let folder = root.to_str().unwrap().replace('\\', "/");
    let folder = folder.strip_prefix('/').unwrap_or(&folder);
    for (number, used) in ["/dev/stdin", "../outside/secret.wire"].iter().enumerate() {
        let uri = format!("file:///{folder}/main{number}.wire");
        let text = format!("use \"{used}\"\nsqs jobs -> lambda worker\n");
        server.send(&lsp_frame(&json!({
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": { "textDocument": { "uri": uri, "languageId": "wirec", "version": 1, "text": text } }
        })));
        let published = server.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri.as_str()
        });
        let codes: Vec<&str> = published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|diagnostic| diagnostic["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["E115"], "{used}: {published}");
        assert!(!published.to_string().contains(SECRET));
    }
    server.send(&lsp_frame(
        &json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }),
    ));
    let answer = server.wait_for(|message| message["id"] == 2);
    assert!(answer.get("error").is_none(), "{answer}");
}

#[test]
fn compile_confines_use_lexically_whatever_the_loader() {
    use std::collections::HashMap;
    use std::path::PathBuf;
    let catalogue = crate::support::catalogue();
    let codes = |root: &str, used: &str, options: &wirec::Options| -> Vec<String> {
        let files = HashMap::from([
            (
                PathBuf::from(root),
                format!("use \"{used}\"\njobs -> lambda worker\n"),
            ),
            (
                PathBuf::from("/srv/shared/queue.wire"),
                "sqs jobs\n".to_string(),
            ),
            (PathBuf::from("shared/queue.wire"), "sqs jobs\n".to_string()),
            (
                PathBuf::from("../shared/queue.wire"),
                "sqs jobs\n".to_string(),
            ),
        ]);
        let loader = crate::support::Memory(files);
        wirec::compile_with(Path::new(root), &loader, &catalogue, options)
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.clone())
            .collect()
    };
    // A refused file's names are undeclared (E105).
    let alone = wirec::Options::default();
    // By default the root file's folder bounds `use`.
    assert!(codes("main.wire", "shared/queue.wire", &alone).is_empty());
    assert_eq!(
        codes("main.wire", "../shared/queue.wire", &alone),
        ["E115", "E105"]
    );
    assert_eq!(
        codes("main.wire", "/srv/shared/queue.wire", &alone),
        ["E115", "E105"]
    );
    // A root file one folder down in the project may climb to the project's folder.
    let nested = wirec::Options {
        root_folder_in_project: PathBuf::from("wiring"),
        ..wirec::Options::default()
    };
    assert!(codes("wiring/main.wire", "../shared/queue.wire", &nested).is_empty());
    assert_eq!(
        codes("wiring/main.wire", "../../shared/queue.wire", &nested),
        ["E115", "E105"]
    );
    // Allowed folders, relative to the project's or absolute.
    let allowed = wirec::Options {
        allow_use: vec![PathBuf::from("../shared"), PathBuf::from("/srv/shared")],
        ..wirec::Options::default()
    };
    assert!(codes("main.wire", "../shared/queue.wire", &allowed).is_empty());
    assert!(codes("main.wire", "/srv/shared/queue.wire", &allowed).is_empty());
    assert_eq!(
        codes("main.wire", "../shared-not/queue.wire", &allowed),
        ["E115", "E105"]
    );
    assert_eq!(
        codes("main.wire", "/srv/other.wire", &allowed),
        ["E115", "E105"]
    );
}
