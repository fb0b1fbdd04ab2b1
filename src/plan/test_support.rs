//! Plans of a few lines of wiring, for the unit tests beside each service and
//! mechanism (the snapshots in `tests/` stay the end-to-end proof).

use crate::compile::{Loader, compile, embedded_catalogue};
use crate::plan::{Plan, Resource, build};
use std::path::Path;

/// One file's text, whatever path is asked for.
struct Text(&'static str);

impl Loader for Text {
    fn read(&self, _path: &Path) -> std::io::Result<String> {
        Ok(self.0.to_string())
    }

    /// A folder of one file, `app.py`, that holds the path asked for.
    fn package(&self, path: &Path) -> std::io::Result<crate::artifact::Package> {
        crate::artifact::Package::of_files(vec![crate::artifact::CodeFile {
            name: "app.py".to_string(),
            bytes: path.to_string_lossy().as_bytes().to_vec(),
            executable: false,
        }])
    }
}

/// The plan of `wiring`, which must compile without errors.
pub(super) fn plan_of(wiring: &'static str) -> Plan {
    let (catalogue, _, _) = embedded_catalogue();
    let compilation = compile(Path::new("test.wire"), &Text(wiring), &catalogue);
    assert!(
        !compilation.has_errors(),
        "{wiring} does not compile: {:?}",
        compilation.diagnostics
    );
    build(&compilation.model, &catalogue)
}

/// The resource `id` of `plan`.
pub(super) fn resource<'p>(plan: &'p Plan, id: &str) -> &'p Resource {
    let found = plan.resources.iter().find(|resource| resource.id == id);
    assert!(found.is_some(), "no resource {id} in {plan:#?}");
    found.unwrap()
}

/// The first resource of `kind` in `plan`.
pub(super) fn first_of_kind(plan: &Plan, kind: crate::plan::Kind) -> &Resource {
    let found = plan.resources.iter().find(|resource| resource.kind == kind);
    assert!(found.is_some(), "no {kind:?} in {plan:#?}");
    found.unwrap()
}
