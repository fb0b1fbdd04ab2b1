//! The books that edges write into, each keyed by what it collects for:
//! statements per role, list-valued properties per resource, merged resource
//! policies and the account's logs resource policy. `finish` turns them into
//! resources and properties.
//!
//! **Invariant:** a book keeps first-insertion order where the order shows in
//! the output (policy statements, list items), and drops a statement it
//! already holds where the policy is merged.

use crate::plan::{Expr, Kind};
use crate::source::Span;
use indexmap::IndexMap;
use rustc_hash::FxHashMap as HashMap;

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
