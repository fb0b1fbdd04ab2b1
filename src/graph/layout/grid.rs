//! Steps 1 and 2 of the layout: each cluster's column (its layer), then the
//! order of the clusters in each column and of the resources in each cluster.

use crate::graph::Part;

/// The columns of a part and what sits in them, in order (steps 1 and 2).
pub(super) struct Grid {
    /// The clusters of each column, top to bottom.
    pub(super) columns: Vec<Vec<usize>>,
    /// The resources of each cluster, top to bottom.
    pub(super) members: Vec<Vec<usize>>,
    /// Each resource's column.
    pub(super) node_column: Vec<usize>,
}

impl Grid {
    /// Ranks the clusters into columns, then orders the columns and clusters.
    pub(super) fn new(part: &Part) -> Grid {
        let ranks = cluster_ranks(part);
        let columns_count = ranks.iter().copied().max().map_or(0, |rank| rank + 1);
        let mut columns: Vec<Vec<usize>> = vec![Vec::new(); columns_count];
        for (cluster, rank) in ranks.iter().enumerate() {
            if let Some(column) = columns.get_mut(*rank) {
                column.push(cluster);
            }
        }
        let mut members: Vec<Vec<usize>> = part
            .clusters
            .iter()
            .map(|cluster| cluster.nodes.clone())
            .collect();
        let node_column: Vec<usize> = part
            .nodes
            .iter()
            .map(|node| ranks.get(node.cluster).copied().unwrap_or(0))
            .collect();
        order(part, &node_column, &mut columns, &mut members);
        Grid {
            columns,
            members,
            node_column,
        }
    }

    /// A cluster's resources, top to bottom.
    pub(super) fn members(&self, cluster: usize) -> &[usize] {
        self.members.get(cluster).map_or(&[][..], Vec::as_slice)
    }

    /// A resource's column.
    pub(super) fn column_of(&self, node: usize) -> usize {
        self.node_column.get(node).copied().unwrap_or(0)
    }
}

/// Each cluster's layer: the longest path reaching it once the edges that
/// close a cycle (found by a depth-first walk in source order) are dropped.
fn cluster_ranks(part: &Part) -> Vec<usize> {
    let count = part.clusters.len();
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
    for link in &part.links {
        let from = part.nodes.get(link.from).map(|node| node.cluster);
        let to = part.nodes.get(link.to).map(|node| node.cluster);
        if let (Some(from), Some(to)) = (from, to)
            && from != to
            && let Some(list) = successors.get_mut(from)
            && !list.contains(&to)
        {
            list.push(to);
        }
    }
    // 0: not seen, 1: on the walk's stack, 2: done.
    let mut state = vec![0_u8; count];
    let mut kept: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut finished = Vec::with_capacity(count);
    for root in 0..count {
        if state.get(root) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(slot) = state.get_mut(root) {
            *slot = 1;
        }
        while let Some((cluster, next)) = stack.pop() {
            let list = successors.get(cluster).map_or(&[][..], Vec::as_slice);
            if let Some(&target) = list.get(next) {
                stack.push((cluster, next + 1));
                match state.get(target).copied() {
                    Some(0) => {
                        if let Some(edges) = kept.get_mut(cluster) {
                            edges.push(target);
                        }
                        if let Some(slot) = state.get_mut(target) {
                            *slot = 1;
                        }
                        stack.push((target, 0));
                    }
                    Some(2) => {
                        if let Some(edges) = kept.get_mut(cluster) {
                            edges.push(target);
                        }
                    }
                    // On the stack: this edge closes a cycle.
                    _ => {}
                }
            } else {
                if let Some(slot) = state.get_mut(cluster) {
                    *slot = 2;
                }
                finished.push(cluster);
            }
        }
    }
    // Reverse finishing order is a topological order of the kept edges.
    let mut ranks = vec![0_usize; count];
    for &cluster in finished.iter().rev() {
        let rank = ranks.get(cluster).copied().unwrap_or(0);
        for &target in kept.get(cluster).map_or(&[][..], Vec::as_slice) {
            if let Some(slot) = ranks.get_mut(target) {
                *slot = (*slot).max(rank + 1);
            }
        }
    }
    ranks
}

/// Barycenter sweeps over the columns; sorts `columns` (clusters) and
/// `members` (each cluster's resources) in place.
fn order(
    part: &Part,
    node_column: &[usize],
    columns: &mut [Vec<usize>],
    members: &mut [Vec<usize>],
) {
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); part.nodes.len()];
    for link in &part.links {
        if link.from != link.to {
            if let Some(list) = neighbours.get_mut(link.from) {
                list.push(link.to);
            }
            if let Some(list) = neighbours.get_mut(link.to) {
                list.push(link.from);
            }
        }
    }
    let count = columns.len();
    let forward: Vec<usize> = (1..count).collect();
    let backward: Vec<usize> = (0..count.saturating_sub(1)).rev().collect();
    for (sweep, before) in [(&forward, true), (&backward, false), (&forward, true)] {
        for &column in sweep {
            let position = positions(part.nodes.len(), columns, members);
            let value = |node: usize| {
                let placed: Vec<f64> = neighbours
                    .get(node)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .filter(|other| {
                        let other_column = node_column.get(**other).copied().unwrap_or(column);
                        if before {
                            other_column < column
                        } else {
                            other_column > column
                        }
                    })
                    .filter_map(|other| position.get(*other).copied())
                    .collect();
                if placed.is_empty() {
                    (position.get(node).copied().unwrap_or(0.0), false)
                } else {
                    (placed.iter().sum::<f64>() / placed.len() as f64, true)
                }
            };
            let Some(clusters) = columns.get_mut(column) else {
                continue;
            };
            let mut keyed: Vec<(f64, usize)> = Vec::with_capacity(clusters.len());
            for &cluster in clusters.iter() {
                let Some(nodes) = members.get_mut(cluster) else {
                    continue;
                };
                let values: Vec<(f64, bool)> = nodes.iter().map(|node| value(*node)).collect();
                let anchored: Vec<f64> = values
                    .iter()
                    .filter(|(_, anchored)| *anchored)
                    .map(|(value, _)| *value)
                    .collect();
                let key = if anchored.is_empty() {
                    values.iter().map(|(value, _)| value).sum::<f64>() / values.len().max(1) as f64
                } else {
                    anchored.iter().sum::<f64>() / anchored.len() as f64
                };
                keyed.push((key, cluster));
                let mut pairs: Vec<(f64, usize)> = values
                    .iter()
                    .map(|(value, _)| *value)
                    .zip(nodes.iter().copied())
                    .collect();
                pairs.sort_by(|left, right| left.0.total_cmp(&right.0));
                *nodes = pairs.into_iter().map(|(_, node)| node).collect();
            }
            keyed.sort_by(|left, right| left.0.total_cmp(&right.0));
            *clusters = keyed.into_iter().map(|(_, cluster)| cluster).collect();
        }
    }
}

/// Each resource's place in its column, from 0 (top) to 1 (bottom).
fn positions(nodes: usize, columns: &[Vec<usize>], members: &[Vec<usize>]) -> Vec<f64> {
    let mut position = vec![0.0; nodes];
    for clusters in columns {
        let in_column: Vec<usize> = clusters
            .iter()
            .flat_map(|cluster| members.get(*cluster).map_or(&[][..], Vec::as_slice))
            .copied()
            .collect();
        let total = in_column.len() as f64;
        for (index, node) in in_column.iter().enumerate() {
            if let Some(slot) = position.get_mut(*node) {
                *slot = (index as f64 + 0.5) / total;
            }
        }
    }
    position
}
