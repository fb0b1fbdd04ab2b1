//! What the fuzz targets share: the catalogue (loaded once), an in-memory
//! loader, every output of one compilation, the invariants those outputs must
//! keep, and a mutator that grows inputs the way hostile input grows
//! (repetition: deep nesting, long lines).
//!
//! A broken invariant is a `panic!` with a message naming it: libFuzzer saves
//! the input as a crash, as it does for a panic inside wirec.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use wirec::catalogue::Catalogue;
use wirec::diagnostics::{Diagnostic, RenderOptions, render};
use wirec::emit::cloudformation::Format;
use wirec::report::{Documentation, json_lines, sarif};
use wirec::{Compilation, Loader};

/// The root file of every compilation.
pub const ROOT: &str = "main.wire";

/// A line starting with this marker starts another in-memory file, named by
/// the rest of the line (`#@ lib.wire`). It is a comment to the grammar, so a
/// multi-file input is still one valid wiring file for the `fmt` target.
pub const FILE_MARKER: &str = "#@ ";

/// At most this many files per input, so one input stays one small project.
const MAX_FILES: usize = 8;

/// Whether the invariant `name` is switched off by `WIREC_FUZZ_SKIP` (a
/// comma-separated list of `ids`, `size`, `depth`, `numbers`, `svg`, `yaml`,
/// `cloudformation`, `terraform`, `determinism`): while a known bug waits for its fix, the
/// fuzzer can look past it for others. Panics inside wirec are never skipped.
pub fn skipped(name: &str) -> bool {
    static SKIPPED: OnceLock<Vec<String>> = OnceLock::new();
    SKIPPED
        .get_or_init(|| {
            std::env::var("WIREC_FUZZ_SKIP")
                .unwrap_or_default()
                .split(',')
                .map(|name| name.trim().to_string())
                .filter(|name| !name.is_empty())
                .collect()
        })
        .iter()
        .any(|skipped| skipped == name)
}

/// The embedded catalogue, loaded once per process.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let (catalogue, diagnostics, _) = wirec::embedded_catalogue();
        assert!(diagnostics.is_empty(), "the embedded catalogue is invalid");
        catalogue
    })
}

fn documentation() -> &'static Documentation {
    static DOCUMENTATION: OnceLock<Documentation> = OnceLock::new();
    DOCUMENTATION.get_or_init(Documentation::embedded)
}

/// Files held in memory; any other path is "not found". The fuzz targets
/// never read the disk.
pub struct Memory(pub HashMap<PathBuf, String>);

impl Loader for Memory {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }
}

impl Memory {
    /// Splits `text` into files at `#@ NAME` lines: the text before the first
    /// marker is [`ROOT`]. Later files of the same name replace earlier ones.
    #[must_use]
    pub fn split(text: &str) -> Memory {
        let mut files = HashMap::new();
        let mut name = ROOT.to_string();
        let mut body = String::new();
        for line in text.split_inclusive('\n') {
            if let Some(next) = line.strip_prefix(FILE_MARKER)
                && files.len() < MAX_FILES - 1
            {
                files.insert(PathBuf::from(&name), std::mem::take(&mut body));
                name = next.trim().to_string();
            } else {
                body.push_str(line);
            }
        }
        files.insert(PathBuf::from(name), body);
        Memory(files)
    }
}

/// Compiles the in-memory project rooted at [`ROOT`].
#[must_use]
pub fn compile(files: &Memory) -> Compilation {
    wirec::compile(Path::new(ROOT), files, catalogue())
}

/// Everything wirec makes of one compilation, as text, so that two
/// compilations of the same input can be compared byte for byte.
#[derive(Debug, PartialEq, Eq)]
pub struct Outputs {
    /// The size of every source file together.
    pub input_bytes: usize,
    /// Diagnostics for people (miette): plain or coloured, 100 or 40 columns wide.
    pub rendered: String,
    /// Diagnostics as JSON Lines.
    pub json_lines: String,
    /// Diagnostics as a SARIF log.
    pub sarif: String,
    /// `wirec graph` in DOT, Mermaid and SVG.
    pub graphs: Vec<String>,
    /// The backend diagnostics (E801) and the template quotas (E802, W803), rendered.
    pub backend: String,
    /// The CloudFormation template in JSON, if the wiring compiles.
    pub json: Option<String>,
    /// The CloudFormation template in YAML, if the wiring compiles.
    pub yaml: Option<String>,
    /// The Terraform configuration, if the wiring compiles.
    pub terraform: Option<String>,
}

/// Renders every output of `compilation`, the way the CLI does.
#[must_use]
pub fn outputs(compilation: &Compilation) -> Outputs {
    let catalogue = catalogue();
    let sources = &compilation.sources;
    let diagnostics = &compilation.diagnostics;
    // One of the CLI's layouts per input (rendering is the costliest output),
    // picked from the input so that a crash reproduces.
    let input_bytes: usize = sources.iter().map(|(_, file)| file.text.len()).sum();
    let (color, width) = [(false, 100), (true, 100), (false, 40)][input_bytes % 3];
    let rendered = render(diagnostics, sources, RenderOptions { color, width });
    let converter = sarif::Converter::new(None, documentation().clone());
    let mut log = sarif::Log::new(None);
    log.append(converter.batch(diagnostics, sources, catalogue));
    let part = wirec::graph::Part::new(ROOT, &compilation.model, diagnostics);
    let parts = std::slice::from_ref(&part);
    let graphs = vec![
        wirec::graph::dot(parts),
        wirec::graph::mermaid(parts),
        wirec::graph::svg(parts),
    ];
    let mut backend: Vec<Diagnostic> = compilation.backend_diagnostics(catalogue);
    let (mut json, mut yaml) = (None, None);
    if let Some(plan) = compilation.plan(catalogue) {
        let text = wirec::emit::cloudformation::render_text(&plan, sources, Format::Json);
        backend.extend(wirec::emit::cloudformation::quota_diagnostics(
            &plan,
            text.len(),
            catalogue,
        ));
        if !skipped("ids") {
            check_plan_ids(&plan);
        }
        json = Some(text);
        yaml = Some(wirec::emit::cloudformation::render_text(
            &plan,
            sources,
            Format::Yaml,
        ));
    }
    Outputs {
        input_bytes,
        rendered,
        json_lines: json_lines(diagnostics, sources, documentation()),
        sarif: log.finish().to_string(),
        graphs,
        backend: render(&backend, sources, RenderOptions::default()),
        json,
        yaml,
        terraform: compilation.terraform_text(catalogue),
    }
}

/// The rendered diagnostics may be this many times the input's size, plus
/// [`RENDERED_SLACK`]: far more than any real file needs, far less than one
/// long line repeated under each of its thousand diagnostics.
const RENDERED_PER_INPUT_BYTE: usize = 200;

/// See [`RENDERED_PER_INPUT_BYTE`].
const RENDERED_SLACK: usize = 1 << 20;

/// Asserts every invariant of the outputs of one compilation.
pub fn check_outputs(outputs: &Outputs) {
    let limit = outputs.input_bytes * RENDERED_PER_INPUT_BYTE + RENDERED_SLACK;
    assert!(
        outputs.rendered.len() <= limit || skipped("size"),
        "{} input bytes rendered as {} bytes of diagnostics (more than {limit}): output grows faster than input",
        outputs.input_bytes,
        outputs.rendered.len()
    );
    for line in outputs.json_lines.lines() {
        if let Err(error) = strict_json(line) {
            panic!(
                "a JSON Lines record is not JSON: {error}\n{}",
                excerpt(line)
            );
        }
    }
    if let Err(error) = strict_json(&outputs.sarif) {
        panic!("the SARIF log is not JSON: {error}");
    }
    if let Some(svg) = outputs.graphs.last().filter(|_| !skipped("svg"))
        && let Err(error) = roxmltree::Document::parse(svg)
    {
        panic!(
            "the SVG graph is not well-formed XML: {error}\n{}",
            excerpt(svg)
        );
    }
    // JSON readers stop at some depth (serde_json's, and so this harness's,
    // at 128): a deeper template is reported as such, or, with `depth`
    // skipped, left unread.
    let readable = |text: &&String| {
        let depth = nesting_depth(text);
        assert!(
            depth <= MAX_DEPTH || skipped("depth"),
            "an output nests {depth} deep, beyond what JSON readers such as serde_json's accept ({MAX_DEPTH})"
        );
        depth <= MAX_DEPTH
    };
    if !skipped("numbers") {
        for text in [&outputs.json, &outputs.terraform].into_iter().flatten() {
            if let Some(number) = exponent_number(text) {
                panic!(
                    "the number {number} in an output is written with an exponent: a literal lost its digits on the way"
                );
            }
        }
    }
    let template = outputs.json.as_ref().filter(readable).map(|json| {
        strict_json(json).unwrap_or_else(|error| {
            panic!("the JSON template is not JSON: {error}\n{}", excerpt(json))
        })
    });
    if let (Some(template), Some(yaml), false) = (&template, &outputs.yaml, skipped("yaml")) {
        let read = strict_yaml(yaml).unwrap_or_else(|error| {
            panic!("the YAML template is not YAML: {error}\n{}", excerpt(yaml))
        });
        if let Some(path) = first_difference(template, &read, String::new()) {
            panic!(
                "the YAML template says something else than the JSON one at {path}\n{}",
                excerpt(yaml)
            );
        }
    }
    if let Some(template) = template.as_ref().filter(|_| !skipped("cloudformation")) {
        check_cloudformation_references(template);
    }
    if let Some(terraform) = outputs
        .terraform
        .as_ref()
        .filter(|_| !skipped("terraform"))
        .filter(readable)
    {
        let configuration = strict_json(terraform).unwrap_or_else(|error| {
            panic!(
                "the Terraform configuration is not JSON: {error}\n{}",
                excerpt(terraform)
            )
        });
        check_terraform_references(&configuration);
    }
}

/// The deepest nesting of JSON arrays and objects that a reader accepts.
const MAX_DEPTH: usize = 128;

/// How deep the arrays and objects of a JSON text nest.
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0_usize, 0, false, false);
    for byte in text.bytes() {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, _, b'"') => in_string = !in_string,
            (false, _, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, _, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The first number of a JSON text written with an exponent (`1e+20`): wirec
/// writes the numbers of the wiring as they were written, and no literal of
/// the language has an exponent, so one in an output is a literal that went
/// through a float and lost digits.
fn exponent_number(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let (mut index, mut in_string, mut escaped) = (0, false, false);
    while let Some(&byte) = bytes.get(index) {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, _, b'"') => in_string = !in_string,
            (false, _, b'-' | b'0'..=b'9') => {
                let start = index;
                while bytes.get(index + 1).is_some_and(|next| {
                    matches!(next, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                }) {
                    index += 1;
                }
                let number = &text[start..=index];
                if number.contains(['e', 'E']) {
                    return Some(number);
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The start of a long text, for a panic message.
fn excerpt(text: &str) -> &str {
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Logical ids: CloudFormation's alphabet and length; resources and
/// parameters share one namespace in a template, outputs have their own, and
/// two resources must not become one Terraform address.
fn check_plan_ids(plan: &wirec::plan::Plan) {
    let mut ids = HashSet::new();
    let mut addresses = HashSet::new();
    let valid = |id: &str| {
        // CloudFormation: "alphanumeric (A-Za-z0-9)", at most 255 characters.
        (1..=255).contains(&id.len()) && id.bytes().all(|byte| byte.is_ascii_alphanumeric())
    };
    for id in plan
        .resources
        .iter()
        .map(|resource| &resource.id)
        .chain(plan.parameters.iter().map(|parameter| &parameter.id))
        .chain(plan.outputs.iter().map(|output| &output.id))
    {
        assert!(
            valid(id),
            "logical id {id:?} is not 1 to 255 letters and digits"
        );
    }
    for resource in &plan.resources {
        assert!(
            ids.insert(resource.id.as_str()),
            "logical id {} appears twice",
            resource.id
        );
        let address = wirec::emit::terraform::address(resource.kind, &resource.id);
        assert!(
            addresses.insert(address.clone()),
            "Terraform address {address} is given to two resources ({})",
            resource.id
        );
    }
    for parameter in &plan.parameters {
        assert!(
            ids.insert(parameter.id.as_str()),
            "logical id {} names a parameter and something else",
            parameter.id
        );
    }
    let mut outputs = HashSet::new();
    for output in &plan.outputs {
        assert!(
            outputs.insert(output.id.as_str()),
            "output id {} appears twice",
            output.id
        );
    }
}

// ---------------------------------------------------------------- reading back

/// A JSON or YAML document read into a `serde_json::Value`, refusing what
/// `Value` would silently accept: a key twice in one object (the second would
/// win, merging two resources into one), a non-string key, a non-finite
/// number, a YAML tag.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Strict, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("plain JSON data")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Strict, E> {
        Ok(Strict(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Strict, E> {
        Ok(Strict(Value::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Strict, E> {
        Ok(Strict(Value::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Strict, E> {
        Number::from_f64(value)
            .map(|number| Strict(Value::Number(number)))
            .ok_or_else(|| E::custom(format!("non-finite number {value}")))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Strict, E> {
        Ok(Strict(Value::String(value.to_string())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Strict, E> {
        Ok(Strict(Value::String(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Strict, D::Error> {
        Strict::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Strict, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = access.next_element()? {
            items.push(item);
        }
        Ok(Strict(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Strict, A::Error> {
        let mut object = Map::new();
        while let Some(Strict(key)) = access.next_key()? {
            let Value::String(key) = key else {
                return Err(de::Error::custom(format!("non-string key {key}")));
            };
            let Strict(value) = access.next_value()?;
            // A key twice is a logical id twice in a template (`ids`).
            if object.contains_key(&key) && !skipped("ids") {
                return Err(de::Error::custom(format!("duplicate key {key:?}")));
            }
            object.insert(key, value);
        }
        Ok(Strict(Value::Object(object)))
    }
}

/// Reads JSON text strictly (see [`Strict`]).
pub fn strict_json(text: &str) -> Result<Value, String> {
    serde_json::from_str::<Strict>(text)
        .map(|Strict(value)| value)
        .map_err(|error| error.to_string())
}

/// Reads YAML text strictly (see [`Strict`]).
pub fn strict_yaml(text: &str) -> Result<Value, String> {
    serde_yaml_ng::from_str::<Strict>(text)
        .map(|Strict(value)| value)
        .map_err(|error| error.to_string())
}

/// Where two documents first differ (a JSON pointer), comparing numbers by
/// value (`1` and `1.0` are the same number to CloudFormation).
fn first_difference(left: &Value, right: &Value, path: String) -> Option<String> {
    match (left, right) {
        (Value::Object(left), Value::Object(right)) => {
            if left.len() != right.len() {
                return Some(format!("{path} (keys)"));
            }
            left.iter().find_map(|(key, value)| match right.get(key) {
                Some(other) => first_difference(value, other, format!("{path}/{key}")),
                None => Some(format!("{path}/{key}")),
            })
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                return Some(format!("{path} (length)"));
            }
            left.iter()
                .zip(right)
                .enumerate()
                .find_map(|(index, (a, b))| first_difference(a, b, format!("{path}/{index}")))
        }
        (Value::Number(left), Value::Number(right)) => {
            let same = left == right || left.as_f64() == right.as_f64();
            (!same).then_some(path)
        }
        _ => (left != right).then_some(path),
    }
}

// ---------------------------------------------------------------- references

/// Names CloudFormation defines in every stack.
const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// Every `Ref`, `Fn::GetAtt`, `DependsOn` and `${...}` of an `Fn::Sub` names
/// something the template defines: text from the wiring that reached an
/// `Fn::Sub` unescaped would show up here as a name that does not exist.
fn check_cloudformation_references(template: &Value) {
    let keys = |section: &str| -> BTreeSet<String> {
        template
            .get(section)
            .and_then(Value::as_object)
            .map(|entries| entries.keys().cloned().collect())
            .unwrap_or_default()
    };
    let resources = keys("Resources");
    let parameters = keys("Parameters");
    let defined = |name: &str| {
        resources.contains(name) || parameters.contains(name) || PSEUDO_PARAMETERS.contains(&name)
    };
    if let Some(entries) = template.get("Resources").and_then(Value::as_object) {
        for (id, resource) in entries {
            let depends = match resource.get("DependsOn") {
                Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
                Some(Value::String(name)) => vec![name.as_str()],
                _ => Vec::new(),
            };
            for name in depends {
                assert!(
                    resources.contains(name),
                    "{id} depends on {name}, which is not a resource"
                );
            }
        }
    }
    let mut stack = vec![template];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(object) => {
                if let Some(name) = object.get("Ref").and_then(Value::as_str) {
                    assert!(defined(name), "Ref {name} names nothing in the template");
                }
                if let Some(target) = object
                    .get("Fn::GetAtt")
                    .and_then(Value::as_array)
                    .and_then(|pair| pair.first())
                    .and_then(Value::as_str)
                {
                    assert!(
                        resources.contains(target),
                        "Fn::GetAtt names {target}, which is not a resource"
                    );
                }
                match object.get("Fn::Sub") {
                    Some(Value::String(text)) => check_sub(text, &HashSet::new(), &defined),
                    Some(Value::Array(pair)) => {
                        let variables: HashSet<&str> = pair
                            .get(1)
                            .and_then(Value::as_object)
                            .map(|map| map.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        if let Some(text) = pair.first().and_then(Value::as_str) {
                            check_sub(text, &variables, &defined);
                        }
                    }
                    _ => {}
                }
                stack.extend(object.values());
            }
            _ => {}
        }
    }
}

fn check_sub(text: &str, variables: &HashSet<&str>, defined: &dyn Fn(&str) -> bool) {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
        if rest.starts_with('!') {
            continue;
        }
        let Some(end) = rest.find('}') else {
            panic!("Fn::Sub has an unclosed ${{ in {text:?}");
        };
        let name = &rest[..end];
        let base = name.split_once('.').map_or(name, |(base, _)| base);
        assert!(
            variables.contains(name) || defined(name) || defined(base),
            "Fn::Sub names ${{{name}}}, which the template does not define, in {text:?}"
        );
        rest = &rest[end + 1..];
    }
}

/// Every `${...}` interpolation in the Terraform configuration is one of the
/// few expressions wirec writes, over names the configuration declares, and
/// every string literal inside one is closed and interpolates nothing; no
/// `%{` directive is left unescaped. Text from the wiring (an ARN, a name, a
/// description) that reached Terraform unescaped shows up here as another
/// expression.
fn check_terraform_references(configuration: &Value) {
    let declared = |section: &str| -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        if let Some(kinds) = configuration.get(section).and_then(Value::as_object) {
            for (kind, entries) in kinds {
                if let Some(entries) = entries.as_object() {
                    names.extend(entries.keys().map(|name| format!("{kind}.{name}")));
                }
            }
        }
        names
    };
    let keys = |section: &str| -> BTreeSet<String> {
        configuration
            .get(section)
            .and_then(Value::as_object)
            .map(|entries| entries.keys().cloned().collect())
            .unwrap_or_default()
    };
    let resources = declared("resource");
    let data = declared("data");
    let variables = keys("variable");
    let locals = keys("locals");
    let known = |reference: &str| -> bool {
        // `data.aws_sqs_queue.legacy[0].url`: a lookup with `count` is indexed.
        let parts: Vec<&str> = reference
            .split('.')
            .map(|part| part.strip_suffix("[0]").unwrap_or(part))
            .collect();
        match parts.as_slice() {
            ["path", "module"] | ["self", _] => true,
            ["var", name] => variables.contains(*name),
            ["local", name] => locals.contains(*name),
            ["data", kind, name, ..] => data.contains(&format!("{kind}.{name}")),
            [kind, name, _, ..] => resources.contains(&format!("{kind}.{name}")),
            _ => false,
        }
    };
    let mut stack = vec![configuration];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(object) => stack.extend(object.values()),
            Value::String(text) => {
                if let Err(problem) = check_template(text, &known) {
                    panic!("the Terraform string {text:?}: {problem}");
                }
            }
            _ => {}
        }
    }
}

/// One token of an expression inside `${...}`.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// `aws_sqs_queue.jobs_queue.arn`, `var.x`, `self.arn`.
    Reference(String),
    /// `try`, `can`, `regex` (a word directly before `(`).
    Function(String),
    /// A quoted string (escapes kept).
    Text(String),
    /// Digits.
    Number,
    /// `(`, `)`, `,`, `==`, `?`, `:`.
    Punctuation(&'static str),
}

/// Checks a Terraform string template; the error says what is wrong with it.
fn check_template(text: &str, known: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index + 1 < bytes.len() {
        let pair = (bytes[index], bytes[index + 1]);
        if (pair.0 == b'$' || pair.0 == b'%')
            && pair.1 == pair.0
            && bytes.get(index + 2) == Some(&b'{')
        {
            // `$${` and `%%{` are the escapes for a literal `${` and `%{`.
            index += 3;
            continue;
        }
        match pair {
            (b'%', b'{') => return Err("an unescaped %{ directive".to_string()),
            (b'$', b'{') => {
                let (tokens, length) = expression(&text[index + 2..])?;
                check_expression(&tokens, known)?;
                index += 2 + length;
            }
            _ => index += 1,
        }
    }
    Ok(())
}

/// Reads the expression of an interpolation up to its closing `}`: the
/// tokens, and the bytes read (with the `}`).
fn expression(text: &str) -> Result<(Vec<Token>, usize), String> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'}' => return Ok((tokens, index + 1)),
            b' ' => index += 1,
            b'"' => {
                let start = index + 1;
                index = start;
                loop {
                    match bytes.get(index) {
                        None => return Err("an unclosed string in an expression".to_string()),
                        Some(b'\\') => index += 2,
                        Some(b'"') => break,
                        Some(_) => index += 1,
                    }
                }
                let literal = text.get(start..index).unwrap_or_default();
                // A string in an expression is a template of its own, and
                // wirec never interpolates inside one.
                check_template(literal, &|_| false)
                    .map_err(|problem| format!("in the string {literal:?}: {problem}"))?;
                tokens.push(Token::Text(literal.to_string()));
                index += 1;
            }
            b'(' | b')' | b',' | b'?' | b':' => {
                let punctuation = match byte {
                    b'(' => "(",
                    b')' => ")",
                    b',' => ",",
                    b'?' => "?",
                    _ => ":",
                };
                tokens.push(Token::Punctuation(punctuation));
                index += 1;
            }
            b'=' if bytes.get(index + 1) == Some(&b'=') => {
                tokens.push(Token::Punctuation("=="));
                index += 2;
            }
            b'0'..=b'9' => {
                while bytes.get(index).is_some_and(u8::is_ascii_digit) {
                    index += 1;
                }
                tokens.push(Token::Number);
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = index;
                while bytes.get(index).is_some_and(|&byte| {
                    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'[' | b']' | b'-')
                }) {
                    index += 1;
                }
                let word = text[start..index].to_string();
                tokens.push(if bytes.get(index) == Some(&b'(') {
                    Token::Function(word)
                } else {
                    Token::Reference(word)
                });
            }
            other => {
                return Err(format!(
                    "an unexpected {:?} in an expression",
                    char::from(other)
                ));
            }
        }
    }
    Err("an unclosed ${".to_string())
}

/// The expressions wirec writes; anything else is text that escaped.
fn check_expression(tokens: &[Token], known: &dyn Fn(&str) -> bool) -> Result<(), String> {
    use Token::{Function, Number, Punctuation as P, Reference, Text};
    if let Some(Reference(name)) = tokens
        .iter()
        .find(|token| matches!(token, Reference(name) if !known(name)))
    {
        return Err(format!(
            "${{...}} names {name}, which the configuration does not declare"
        ));
    }
    let shape_known = match tokens {
        // `${aws_sqs_queue.jobs_queue.arn}`, and an existing resource's
        // lookup's `count` (only in the ARN's account).
        [Reference(_)]
        | [
            Reference(_),
            P("=="),
            Text(_),
            P("?"),
            Number,
            P(":"),
            Number,
        ] => true,
        // An existing resource's lookup, falling back to the ARN as written.
        [
            Function(name),
            P("("),
            Reference(_),
            P(","),
            Text(_),
            P(")"),
        ] => name == "try",
        // The lookup's postcondition.
        [Reference(own), P("=="), Text(_)] => own == "self.arn",
        // `${"$"}`: a `$` before an interpolation.
        [Text(text)] => text == "$",
        // A parameter's validation.
        [
            Function(can),
            P("("),
            Function(regex),
            P("("),
            Text(_),
            P(","),
            Reference(_),
            P(")"),
            P(")"),
        ] => can == "can" && regex == "regex",
        _ => false,
    };
    if shape_known {
        Ok(())
    } else {
        Err(format!("an expression wirec does not write: {tokens:?}"))
    }
}

// ---------------------------------------------------------------- mutation

/// A mutator for text inputs: most of the time libFuzzer's own mutations
/// (which use the dictionary), sometimes a repetition of a short slice of the
/// input, which reaches deep nesting (`[[[[`), long lines and many statements
/// far sooner than single-byte edits do.
pub fn mutate(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> usize {
    let mut state = u64::from(seed) | 1;
    let mut next = move |bound: usize| -> usize {
        // xorshift64: cheap and reproducible from libFuzzer's seed.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % (bound.max(1) as u64)).unwrap_or(0)
    };
    if size == 0 || max_size <= size || next(4) != 0 {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    let start = next(size);
    let length = 1 + next((size - start).min(16));
    let copies = 1 + next(255);
    let inserted = (length * copies).min(max_size - size);
    let slice = data[start..start + length].to_vec();
    // Shift the tail right, then fill the gap with copies of the slice.
    let at = start + length;
    data.copy_within(at..size, at + inserted);
    for (offset, byte) in data[at..at + inserted].iter_mut().enumerate() {
        *byte = slice[offset % length];
    }
    size + inserted
}
