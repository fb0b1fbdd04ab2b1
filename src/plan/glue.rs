//! The books that edges write into, each keyed by what it collects for:
//! statements per role, list-valued properties per resource, merged resource
//! policies and the account's logs resource policy. `finish` turns them into
//! resources and properties.
//!
//! **Invariant:** a book keeps first-insertion order where the order shows in
//! the output (policy statements, list items), and drops a statement it
//! already holds where the policy is merged.

use crate::plan::expr::{list, text};
use crate::plan::{Expr, Fields, Kind, Resource, map};
use crate::source::Span;
use indexmap::IndexMap;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// The longest id made from an edge's parts before a number keeps it unique.
const MAX_DERIVED_ID: usize = 200;

/// Everything the phases write: the resources with their index, and the books
/// that `finish` turns into resources and properties.
pub(super) struct Glue {
    pub(super) resources: Vec<Resource>,
    pub(super) index: HashMap<String, usize>,
    pub(super) policies: PolicyBook,
    pub(super) logs_policy: LogsPolicy,
    pub(super) roles: RoleBook,
    pub(super) lists: ListBook,
    /// A pipeline's stages after its source stage, in order: name → actions.
    pub(super) stages: HashMap<String, IndexMap<String, Vec<Expr>>>,
    /// A Flink application's runtime properties: its `environment` and the
    /// ARNs of the streams it reads.
    pub(super) flink_properties: HashMap<String, Fields>,
    /// The CloudWatch agent's configuration per instance or group: parameter
    /// logical id → (parameter name, origin, the files it collects).
    pub(super) agent_files: IndexMap<String, (String, Span, Vec<serde_json::Value>)>,
    /// The zips functions take their code from, and where the first names its
    /// code (for the artifact bucket's parameter).
    pub(super) artifacts: Vec<(super::Artifact, Span)>,
    /// Each code's source and its access policy (attached to its role), in
    /// the order the policies were made: the source waits for it where it can.
    pub(super) access_policies: Vec<(String, String)>,
    /// Outputs an edge asks for: what the user must do outside the template
    /// (another account's bus policy statement).
    pub(super) outputs: Vec<super::Output>,
    /// What each grant admits (see `grant_record`), for `explain --grant`
    /// and CI's independent simulator.
    pub(super) grants: Vec<super::GrantRecord>,
}

/// Extra statements for roles, by role logical id. Each role is a resource of
/// its own, so the order of the roles does not show in the output.
#[derive(Default)]
pub(super) struct RoleBook(HashMap<String, Vec<Expr>>);

impl RoleBook {
    /// The statements of `role`, to add to.
    pub(super) fn of(&mut self, role: String) -> &mut Vec<Expr> {
        self.0.entry(role).or_default()
    }

    /// Every role's statements, emptying the book.
    pub(super) fn take(&mut self) -> HashMap<String, Vec<Expr>> {
        std::mem::take(&mut self.0)
    }
}

/// List-valued properties filled by edges: (owner's logical id, property
/// path) → items, where `Outer.Inner` is a list inside a map property. Each
/// (owner, path) pair is written once, so the order of the pairs does not show
/// in the output.
#[derive(Default)]
pub(super) struct ListBook(HashMap<(String, String), Vec<Expr>>);

impl ListBook {
    /// Appends `item` to the list `path` of `owner`.
    pub(super) fn push(&mut self, owner: &str, path: &str, item: Expr) {
        self.items_mut(owner, path).push(item);
    }

    /// The items of the list `path` of `owner` so far.
    pub(super) fn items(&self, owner: &str, path: &str) -> &[Expr] {
        self.0
            .get(&(owner.to_string(), path.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// The list `path` of `owner`, to change.
    pub(super) fn items_mut(&mut self, owner: &str, path: &str) -> &mut Vec<Expr> {
        self.0
            .entry((owner.to_string(), path.to_string()))
            .or_default()
    }

    /// Every list, emptying the book.
    pub(super) fn take(&mut self) -> HashMap<(String, String), Vec<Expr>> {
        std::mem::take(&mut self.0)
    }
}

/// A merged resource policy under construction.
pub(super) struct PolicyDraft {
    pub(super) kind: Kind,
    pub(super) target: Expr,
    pub(super) statements: Vec<Expr>,
    pub(super) origin: Span,
}

/// The merged queue, topic and bucket policies, by policy logical id, in the
/// order edges first named them.
#[derive(Default)]
pub(super) struct PolicyBook(IndexMap<String, PolicyDraft>);

impl PolicyBook {
    /// Adds `statement` to the policy `id` (of `kind`, attached to `target`),
    /// unless the policy holds it already.
    pub(super) fn admit(
        &mut self,
        id: &str,
        kind: Kind,
        target: Expr,
        origin: Span,
        statement: Expr,
    ) {
        self.admit_all(id, kind, target, origin, [statement]);
    }

    /// Adds each of `statements` that the policy `id` does not hold yet; the
    /// policy exists afterwards even when there are none.
    pub(super) fn admit_all(
        &mut self,
        id: &str,
        kind: Kind,
        target: Expr,
        origin: Span,
        statements: impl IntoIterator<Item = Expr>,
    ) {
        let draft = self.0.entry(id.to_string()).or_insert_with(|| PolicyDraft {
            kind,
            target,
            statements: Vec::new(),
            origin,
        });
        for statement in statements {
            if !draft.statements.contains(&statement) {
                draft.statements.push(statement);
            }
        }
    }

    /// Every policy, emptying the book.
    pub(super) fn take(&mut self) -> IndexMap<String, PolicyDraft> {
        std::mem::take(&mut self.0)
    }
}

/// The statements of the account's one CloudWatch Logs resource policy
/// (written as JSON text), in the order edges added them, each once.
#[derive(Default)]
pub(super) struct LogsPolicy(Vec<Expr>);

impl LogsPolicy {
    /// Adds a statement, unless the policy holds it already.
    pub(super) fn add(&mut self, statement: String) {
        let statement = Expr::Text(statement.into());
        if !self.0.contains(&statement) {
            self.0.push(statement);
        }
    }

    /// Whether no edge added a statement.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The statements, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Expr> {
        self.0.iter()
    }
}

impl Glue {
    /// No resources yet, with room for about `resources` of them.
    pub(super) fn with_capacity(resources: usize) -> Glue {
        Glue {
            resources: Vec::new(),
            index: HashMap::with_capacity_and_hasher(resources, rustc_hash::FxBuildHasher),
            policies: PolicyBook::default(),
            logs_policy: LogsPolicy::default(),
            roles: RoleBook::default(),
            lists: ListBook::default(),
            stages: HashMap::default(),
            flink_properties: HashMap::default(),
            agent_files: IndexMap::new(),
            artifacts: Vec::new(),
            access_policies: Vec::new(),
            outputs: Vec::new(),
            grants: Vec::new(),
        }
    }

    pub(super) fn add(
        &mut self,
        id: String,
        kind: Kind,
        origin: Span,
        properties: Fields,
    ) -> &mut Resource {
        let position = self.resources.len();
        self.resources.push(Resource {
            id: id.clone(),
            kind,
            properties,
            depends_on: BTreeSet::new(),
            origin,
            notes: Vec::new(),
            raw_cloudformation: Vec::new(),
            raw_terraform: Fields::new(),
        });
        self.index.insert(id, position);
        &mut self.resources[position]
    }

    /// `base`, or `base2`, `base3`, ... when edges that differ only in options
    /// would otherwise share an id (the first keeps the plain one).
    pub(super) fn unique_id(&self, base: String) -> String {
        // A base joins names and words the user wrote (a rule's events), so it
        // can be long: it keeps its start and a hash of the whole, well under
        // CloudFormation's 255 characters with a number after it.
        let base = if base.len() > MAX_DERIVED_ID {
            let hash = crate::plan::fingerprint(&base);
            let mut end = MAX_DERIVED_ID - hash.len();
            while !base.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}{hash}", &base[..end])
        } else {
            base
        };
        if !self.index.contains_key(&base) {
            return base;
        }
        (2..u32::MAX)
            .map(|number| format!("{base}{number}"))
            .find(|candidate| !self.index.contains_key(candidate))
            .unwrap_or(base)
    }

    pub(super) fn resource_mut(&mut self, id: &str) -> Option<&mut Resource> {
        self.index
            .get(id)
            .copied()
            .map(|position| &mut self.resources[position])
    }

    pub(super) fn depend(&mut self, id: &str, dependency: Option<String>) {
        if let Some(dependency) = dependency
            && let Some(resource) = self.resource_mut(id)
            && resource.id != dependency
        {
            resource.depends_on.insert(dependency);
        }
    }

    /// Records what a grant admits; each record once.
    pub(super) fn record(&mut self, record: super::GrantRecord) {
        if !self.grants.contains(&record) {
            self.grants.push(record);
        }
    }

    pub(super) fn push_list(&mut self, logical: &str, key: &str, item: Expr) {
        self.lists.push(logical, key, item);
    }

    /// A role trusted by `principal`, with `statements` in one inline policy.
    pub(super) fn role(
        &mut self,
        id: &str,
        origin: Span,
        principal: Expr,
        trust_conditions: Option<Expr>,
        statements: Vec<Expr>,
    ) {
        let mut trust = Fields::new();
        trust.insert("Effect", text("Allow"));
        trust.insert("Principal", map([("Service", principal)]));
        trust.insert("Action", text("sts:AssumeRole"));
        if let Some(conditions) = trust_conditions {
            trust.insert("Condition", conditions);
        }
        let mut properties = Fields::new();
        properties.insert(
            "AssumeRolePolicyDocument",
            map([
                ("Version", text("2012-10-17")),
                ("Statement", list(vec![Expr::Map(trust)])),
            ]),
        );
        self.add(id.to_string(), Kind::Role, origin, properties);
        self.roles.of(id.to_string()).extend(statements);
    }
}
