//! A code's source waits for its access policy (`DependsOn`), so that its
//! first run after a deploy already holds its grants, wherever that closes no
//! circle: the policy names its targets, and a target that waits for the
//! source (two functions that call each other) would make the template wait
//! for itself. Computed on the plan's resources, by what each one names.

use crate::plan::{Expr, Resource};
use rustc_hash::{FxHashMap, FxHashSet};

/// Adds `DependsOn` from each source to its access policy, in the order the
/// policies were made (source order), or a note where it would close a circle.
pub(super) fn wait_for_access_policies(resources: &mut [Resource], pairs: &[(String, String)]) {
    if pairs.is_empty() {
        return;
    }
    let index: FxHashMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(position, resource)| (resource.id.as_str(), position))
        .collect();
    // What each resource waits for, by position.
    let mut waits: Vec<Vec<usize>> = resources
        .iter()
        .map(|resource| {
            let mut named = Vec::new();
            for value in resource.properties.values() {
                names(value, &mut named);
            }
            named.extend(resource.depends_on.iter().map(String::as_str));
            let mut positions: Vec<usize> = named
                .into_iter()
                .filter_map(|id| index.get(id).copied())
                .collect();
            positions.sort_unstable();
            positions.dedup();
            positions
        })
        .collect();
    let mut added = Vec::new();
    for (source, policy) in pairs {
        let (Some(&from), Some(&to)) = (index.get(source.as_str()), index.get(policy.as_str()))
        else {
            continue;
        };
        let closes_circle = reaches(&waits, to, from);
        if !closes_circle && let Some(list) = waits.get_mut(from) {
            list.push(to);
        }
        added.push((from, policy.clone(), closes_circle));
    }
    for (from, policy, closes_circle) in added {
        let Some(resource) = resources.get_mut(from) else {
            continue;
        };
        if closes_circle {
            resource.notes.push(format!(
                "does not wait for {policy}: the policy names a resource that waits for this one; a first run right after the deploy may be denied until the policy is attached"
            ));
        } else {
            resource.depends_on.insert(policy);
        }
    }
}

/// Whether `goal` can be reached from `start` along `waits` (a work list).
fn reaches(waits: &[Vec<usize>], start: usize, goal: usize) -> bool {
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut work = vec![start];
    while let Some(at) = work.pop() {
        if at == goal {
            return true;
        }
        if seen.insert(at)
            && let Some(next) = waits.get(at)
        {
            work.extend(next.iter().copied());
        }
    }
    false
}

/// The logical ids an expression names: `Ref`, `Fn::GetAtt`, `${X}` and
/// `${X.Attr}` in `Fn::Sub` (`${!X}` is literal text, `${AWS::...}` a pseudo
/// parameter, neither a resource).
fn names<'e>(expr: &'e Expr, out: &mut Vec<&'e str>) {
    match expr {
        Expr::Ref(id) | Expr::Attr(id, _) => out.push(id),
        Expr::Sub(template) => {
            for piece in template.split("${").skip(1) {
                if let Some(name) = piece.split(['}', '.']).next()
                    && !name.starts_with('!')
                {
                    out.push(name);
                }
            }
        }
        Expr::List(items) => {
            for item in items {
                names(item, out);
            }
        }
        Expr::Map(entries) => {
            for value in entries.values() {
                names(value, out);
            }
        }
        Expr::JsonString(inner) | Expr::Base64(inner) => names(inner, out),
        Expr::Text(_)
        | Expr::Number(_)
        | Expr::Bool(_)
        | Expr::Param(_)
        | Expr::AvailabilityZones => {}
    }
}
