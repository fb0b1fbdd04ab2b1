//! A small layered layout for the SVG picture, so no Graphviz is needed.
//!
//! The picture reads left to right, one column per layer:
//!
//! 1. **Layers.** Each service's cluster is one unit. The graph of clusters is
//!    made acyclic by dropping the edges that close a cycle in a depth-first
//!    walk (in source order), and each cluster's layer is the longest path
//!    that reaches it. A cluster's resources stack vertically in its column.
//! 2. **Order.** Three sweeps (left to right, right to left, left to right)
//!    sort the clusters of a column, and the resources inside each cluster, by
//!    the mean position of their neighbours in the columns already placed
//!    (the barycenter heuristic), which removes most crossings.
//! 3. **Sizes.** Text is measured in a monospace font, so widths need no font
//!    metrics: every resource of a column has the column's width, and the gap
//!    after a column is as wide as the widest edge label placed in it.
//! 4. **Edges.** A forward edge leaves the right side of its source and enters
//!    the left side of its target; a backward edge (one dropped in step 1, or
//!    one to an earlier column) runs right to left; an edge inside one column
//!    bulges into the gap on its right. Ends on one side of a resource are
//!    spread along it in the order of the other ends. Each label sits in a
//!    gap, where the edge crosses it; labels in one gap are pushed apart so
//!    they never overlap, and the edge is drawn through its label as two cubic
//!    curves.
//!
//! Edges that skip columns are drawn straight across them and may cross a
//! cluster; the pictures this draws are meant for wirings a person reads.
//! Every step is linear or `n log n` in the size of the graph.

mod grid;

use super::{Node, Part};
use grid::Grid;

/// Width of one character of a resource name (12 px monospace).
pub const CHAR_WIDTH: f64 = 7.2;
/// Width of one character of an edge label (11 px monospace).
pub const LABEL_CHAR_WIDTH: f64 = 6.6;
/// Height of one line of a resource's text.
pub const LINE_HEIGHT: f64 = 16.0;
/// Height of one line of an edge label.
pub const LABEL_LINE_HEIGHT: f64 = 14.0;
/// Space around the picture.
pub const MARGIN: f64 = 20.0;
/// Height of the caption above the picture.
pub const TITLE_HEIGHT: f64 = 28.0;
/// Height of a cluster's title band.
pub const CLUSTER_HEADER: f64 = 24.0;

const CLUSTER_PAD: f64 = 10.0;
const NODE_PAD_X: f64 = 12.0;
const NODE_PAD_Y: f64 = 7.0;
const NODE_GAP: f64 = 12.0;
const CLUSTER_GAP: f64 = 24.0;
const MIN_GAP: f64 = 56.0;
const LABEL_PAD_X: f64 = 4.0;
const LABEL_PAD_Y: f64 = 3.0;
const LABEL_MARGIN: f64 = 28.0;
const LABEL_GAP: f64 = 4.0;
const MIN_NODE_TEXT: usize = 10;
const PASS_MARGIN: f64 = 8.0;
const PASS_SPREAD: [f64; 5] = [0.0, 5.0, -5.0, 10.0, -10.0];

/// A point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Left to right.
    pub x: f64,
    /// Top to bottom.
    pub y: f64,
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// The middle of the box.
    #[must_use]
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.width / 2.0,
            y: self.y + self.height / 2.0,
        }
    }
}

/// How one edge is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Where the edge leaves its source.
    pub start: Point,
    /// Cubic Bézier segments (two control points and an end point each); the
    /// last ends where the edge meets its target.
    pub curves: Vec<[Point; 3]>,
    /// The label's box.
    pub label: Rect,
}

/// Where everything of one [`Part`] goes, in the part's own coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
    /// The caption's baseline position (left end).
    pub title: Point,
    /// One box per cluster, indexed like [`Part::clusters`].
    pub clusters: Vec<Rect>,
    /// One box per resource, indexed like [`Part::nodes`].
    pub nodes: Vec<Rect>,
    /// One route per edge, indexed like [`Part::links`].
    pub routes: Vec<Route>,
}

/// The text lines of a resource's box: its name, then the codes pointing at it.
#[must_use]
pub fn node_lines(node: &Node) -> Vec<String> {
    let mut lines = vec![node.name.clone()];
    if !node.highlight.codes.is_empty() {
        lines.push(node.highlight.codes.join(" "));
    }
    lines
}

fn text_width(lines: &[String], char_width: f64) -> f64 {
    lines
        .iter()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0) as f64
        * char_width
}

/// Which side of a resource an edge end attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
}

/// How an edge runs between columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Course {
    /// To a later column: right side to left side, label in the source's gap.
    Forward,
    /// To an earlier column: left side to right side, label in the gap before the source.
    Backward,
    /// Within one column: right side to right side, label in the column's gap.
    Within,
}

/// Lays out one part.
#[must_use]
pub fn layout(part: &Part) -> Layout {
    let grid = Grid::new(part);
    let lines: Vec<Vec<String>> = part.nodes.iter().map(node_lines).collect();
    let courses = courses(part, &grid);
    let label_sizes = label_sizes(part);
    let columns = Columns::measure(part, &grid, &lines, &courses, &label_sizes);
    let vertical = Vertical::place(part, &grid, &lines);
    let top = MARGIN
        + if part.title.is_empty() {
            0.0
        } else {
            TITLE_HEIGHT
        };
    let (cluster_boxes, node_boxes) = boxes(&grid, &columns, &lines, &vertical, top);
    let content_bottom = cluster_boxes
        .iter()
        .map(|rect| rect.y + rect.height)
        .fold(top, f64::max);
    let ends = edge_ends(part, &courses, &node_boxes);
    let free = free_slots(&grid, &cluster_boxes);
    let passes = passes(part, &grid, &courses, &ends, &columns, &free);
    let labels = labels(&courses, &ends, &passes, &columns, &label_sizes);
    let routes = routes(&courses, &ends, &labels, &passes);

    let labels_bottom = labels
        .iter()
        .map(|label| label.y + label.height)
        .fold(0.0, f64::max);
    let labels_top = labels.iter().map(|label| label.y).fold(top, f64::min);
    let passes_bottom = passes
        .iter()
        .flatten()
        .map(|(enter, _)| enter.y + PASS_MARGIN)
        .fold(0.0, f64::max);
    let passes_top = passes
        .iter()
        .flatten()
        .map(|(enter, _)| enter.y - PASS_MARGIN)
        .fold(top, f64::min);
    let title_width = part.title.chars().count() as f64 * CHAR_WIDTH + 2.0 * MARGIN;
    let mut layout = Layout {
        width: columns.right.max(title_width),
        height: content_bottom.max(labels_bottom).max(passes_bottom) + MARGIN,
        title: Point {
            x: MARGIN,
            y: MARGIN + TITLE_HEIGHT / 2.0,
        },
        clusters: cluster_boxes,
        nodes: node_boxes,
        routes,
    };
    // Labels or passes above the first row move everything down.
    let highest = labels_top.min(passes_top);
    if highest < top {
        shift(&mut layout, top - highest);
    }
    layout
}

const EMPTY: Rect = Rect {
    x: 0.0,
    y: 0.0,
    width: 0.0,
    height: 0.0,
};

/// How each edge runs, and the gap its label sits in.
fn courses(part: &Part, grid: &Grid) -> Vec<(Course, usize)> {
    part.links
        .iter()
        .map(|link| {
            let from = grid.column_of(link.from);
            let to = grid.column_of(link.to);
            match to.cmp(&from) {
                std::cmp::Ordering::Greater => (Course::Forward, from),
                std::cmp::Ordering::Less => (Course::Backward, from.saturating_sub(1)),
                std::cmp::Ordering::Equal => (Course::Within, from),
            }
        })
        .collect()
}

/// Each edge label's width and height.
fn label_sizes(part: &Part) -> Vec<(f64, f64)> {
    part.links
        .iter()
        .map(|link| {
            let lines = link.label_lines();
            (
                text_width(&lines, LABEL_CHAR_WIDTH) + 2.0 * LABEL_PAD_X,
                lines.len() as f64 * LABEL_LINE_HEIGHT + 2.0 * LABEL_PAD_Y,
            )
        })
        .collect()
}

/// The horizontal measures (step 3).
struct Columns {
    /// Each column's left side.
    x: Vec<f64>,
    /// Each column's width.
    width: Vec<f64>,
    /// The width of the gap after each column.
    gap: Vec<f64>,
    /// The right end of the last gap.
    right: f64,
}

impl Columns {
    /// A column is as wide as its widest text; the gap after it as its widest label.
    fn measure(
        part: &Part,
        grid: &Grid,
        lines: &[Vec<String>],
        courses: &[(Course, usize)],
        label_sizes: &[(f64, f64)],
    ) -> Columns {
        let columns_count = grid.columns.len();
        let mut width = vec![0.0_f64; columns_count];
        for (column, clusters) in grid.columns.iter().enumerate() {
            let mut widest: f64 = 0.0;
            for &cluster in clusters {
                let title = part
                    .clusters
                    .get(cluster)
                    .map_or(0, |cluster| cluster.service.chars().count());
                widest = widest.max(title as f64 * CHAR_WIDTH + 2.0 * CLUSTER_PAD);
                for &node in grid.members(cluster) {
                    let text = lines
                        .get(node)
                        .map_or(0.0, |lines| text_width(lines, CHAR_WIDTH))
                        .max(MIN_NODE_TEXT as f64 * CHAR_WIDTH);
                    widest = widest.max(text + 2.0 * NODE_PAD_X + 2.0 * CLUSTER_PAD);
                }
            }
            if let Some(slot) = width.get_mut(column) {
                *slot = widest;
            }
        }
        let mut gap: Vec<f64> = (0..columns_count)
            .map(|column| {
                if column + 1 == columns_count {
                    MARGIN
                } else {
                    MIN_GAP
                }
            })
            .collect();
        for ((_, label_gap), (label_width, _)) in courses.iter().zip(label_sizes) {
            if let Some(slot) = gap.get_mut(*label_gap) {
                *slot = slot.max(label_width + 2.0 * LABEL_MARGIN);
            }
        }
        let mut x = Vec::with_capacity(columns_count);
        let mut right = MARGIN;
        for column in 0..columns_count {
            x.push(right);
            right += width.get(column).copied().unwrap_or(0.0)
                + gap.get(column).copied().unwrap_or(MARGIN);
        }
        Columns {
            x,
            width,
            gap,
            right,
        }
    }

    /// The middle of the gap after a column, where its labels sit.
    fn gap_center(&self, gap: usize) -> f64 {
        self.x.get(gap).copied().unwrap_or(MARGIN)
            + self.width.get(gap).copied().unwrap_or(0.0)
            + self.gap.get(gap).copied().unwrap_or(MARGIN) / 2.0
    }
}

/// The height of a resource's box.
fn node_height(lines: &[Vec<String>], node: usize) -> f64 {
    lines.get(node).map_or(1, Vec::len) as f64 * LINE_HEIGHT + 2.0 * NODE_PAD_Y
}

/// The vertical measures, before the picture's margins.
struct Vertical {
    /// Each resource's top, from its cluster's top.
    node_offset: Vec<f64>,
    /// Each cluster's height.
    cluster_height: Vec<f64>,
    /// Each cluster's top; the highest may be above zero.
    cluster_top: Vec<f64>,
}

impl Vertical {
    /// Resources stack under their cluster's title band; each cluster sits as
    /// near as it can to the resources that send to it, without overlapping
    /// its neighbours.
    fn place(part: &Part, grid: &Grid, lines: &[Vec<String>]) -> Vertical {
        let mut node_offset = vec![0.0_f64; part.nodes.len()];
        let mut cluster_height = vec![0.0_f64; part.clusters.len()];
        for (cluster, nodes) in grid.members.iter().enumerate() {
            let mut y = CLUSTER_HEADER;
            for &node in nodes {
                if let Some(slot) = node_offset.get_mut(node) {
                    *slot = y;
                }
                y += node_height(lines, node) + NODE_GAP;
            }
            if let Some(slot) = cluster_height.get_mut(cluster) {
                *slot = y - if nodes.is_empty() { 0.0 } else { NODE_GAP } + CLUSTER_PAD;
            }
        }
        let mut vertical = Vertical {
            node_offset,
            cluster_height,
            cluster_top: vec![0.0_f64; part.clusters.len()],
        };
        let predecessors = predecessors(part, grid);
        for clusters in &grid.columns {
            let wanted: Vec<Option<f64>> = clusters
                .iter()
                .map(|&cluster| vertical.wanted_top(part, grid, lines, &predecessors, cluster))
                .collect();
            let heights: Vec<f64> = clusters
                .iter()
                .map(|cluster| {
                    vertical
                        .cluster_height
                        .get(*cluster)
                        .copied()
                        .unwrap_or(0.0)
                })
                .collect();
            for (cluster, top) in clusters.iter().zip(place(&wanted, &heights, CLUSTER_GAP)) {
                if let Some(slot) = vertical.cluster_top.get_mut(*cluster) {
                    *slot = top;
                }
            }
        }
        vertical
    }

    /// Where a cluster would sit to face the mean of its resources' senders,
    /// if any of them has one in an earlier column (already placed).
    fn wanted_top(
        &self,
        part: &Part,
        grid: &Grid,
        lines: &[Vec<String>],
        predecessors: &[Vec<usize>],
        cluster: usize,
    ) -> Option<f64> {
        let mut sum = 0.0;
        let mut count = 0.0;
        for &node in grid.members(cluster) {
            let sources = predecessors.get(node).map_or(&[][..], Vec::as_slice);
            if sources.is_empty() {
                continue;
            }
            let mean = sources
                .iter()
                .map(|&source| {
                    let owner = part.nodes.get(source).map_or(0, |node| node.cluster);
                    self.cluster_top.get(owner).copied().unwrap_or(0.0)
                        + self.node_offset.get(source).copied().unwrap_or(0.0)
                        + node_height(lines, source) / 2.0
                })
                .sum::<f64>()
                / sources.len() as f64;
            sum += mean
                - self.node_offset.get(node).copied().unwrap_or(0.0)
                - node_height(lines, node) / 2.0;
            count += 1.0;
        }
        (count > 0.0).then(|| sum / count)
    }
}

/// The resources in earlier columns that send to each resource.
fn predecessors(part: &Part, grid: &Grid) -> Vec<Vec<usize>> {
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); part.nodes.len()];
    for link in &part.links {
        let (from, to) = (grid.column_of(link.from), grid.column_of(link.to));
        if from < to
            && let Some(list) = predecessors.get_mut(link.to)
        {
            list.push(link.from);
        }
    }
    predecessors
}

/// The boxes of clusters and of resources, the highest cluster at `top`.
fn boxes(
    grid: &Grid,
    columns: &Columns,
    lines: &[Vec<String>],
    vertical: &Vertical,
    top: f64,
) -> (Vec<Rect>, Vec<Rect>) {
    let lowest = vertical
        .cluster_top
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let lowest = if lowest.is_finite() { lowest } else { 0.0 };
    let mut cluster_boxes = vec![EMPTY; vertical.cluster_top.len()];
    let mut node_boxes = vec![EMPTY; vertical.node_offset.len()];
    for (column, clusters) in grid.columns.iter().enumerate() {
        let x = columns.x.get(column).copied().unwrap_or(MARGIN);
        let width = columns.width.get(column).copied().unwrap_or(0.0);
        for &cluster in clusters {
            let y = top + vertical.cluster_top.get(cluster).copied().unwrap_or(0.0) - lowest;
            if let Some(slot) = cluster_boxes.get_mut(cluster) {
                *slot = Rect {
                    x,
                    y,
                    width,
                    height: vertical.cluster_height.get(cluster).copied().unwrap_or(0.0),
                };
            }
            for &node in grid.members(cluster) {
                if let Some(slot) = node_boxes.get_mut(node) {
                    *slot = Rect {
                        x: x + CLUSTER_PAD,
                        y: y + vertical.node_offset.get(node).copied().unwrap_or(0.0),
                        width: width - 2.0 * CLUSTER_PAD,
                        height: node_height(lines, node),
                    };
                }
            }
        }
    }
    (cluster_boxes, node_boxes)
}

/// Edge ends (step 4), spread along each side in the order of the other ends.
fn edge_ends(part: &Part, courses: &[(Course, usize)], node_boxes: &[Rect]) -> Vec<(Point, Point)> {
    let center_y = |node: usize| node_boxes.get(node).map_or(0.0, |rect| rect.center().y);
    let mut attachments: Vec<(usize, Side, f64, usize, bool)> =
        Vec::with_capacity(part.links.len() * 2);
    for (index, (link, (course, _))) in part.links.iter().zip(courses).enumerate() {
        let (from_side, to_side) = match course {
            Course::Forward => (Side::Right, Side::Left),
            Course::Backward => (Side::Left, Side::Right),
            Course::Within => (Side::Right, Side::Right),
        };
        attachments.push((link.from, from_side, center_y(link.to), index, true));
        attachments.push((link.to, to_side, center_y(link.from), index, false));
    }
    attachments.sort_by(|left, right| {
        (left.0, left.1)
            .cmp(&(right.0, right.1))
            .then(left.2.total_cmp(&right.2))
            .then((left.3, !left.4).cmp(&(right.3, !right.4)))
    });
    let origin = Point { x: 0.0, y: 0.0 };
    let mut ends = vec![(origin, origin); part.links.len()];
    for group in attachments.chunk_by(|left, right| left.0 == right.0 && left.1 == right.1) {
        let Some(&(node, side, _, _, _)) = group.first() else {
            continue;
        };
        let rect = node_boxes.get(node).copied().unwrap_or(EMPTY);
        let x = match side {
            Side::Left => rect.x,
            Side::Right => rect.x + rect.width,
        };
        let count = group.len() as f64;
        for (slot, entry) in group.iter().enumerate() {
            let y = rect.y + rect.height * (slot as f64 + 1.0) / (count + 1.0);
            if let Some(end) = ends.get_mut(entry.3) {
                if entry.4 {
                    end.0 = Point { x, y };
                } else {
                    end.1 = Point { x, y };
                }
            }
        }
    }
    ends
}

/// The free space of each column, top to bottom: above, below and between
/// its clusters.
fn free_slots(grid: &Grid, cluster_boxes: &[Rect]) -> Vec<Vec<(f64, f64)>> {
    let mut free: Vec<Vec<(f64, f64)>> = Vec::with_capacity(grid.columns.len());
    for clusters in &grid.columns {
        let mut boxes: Vec<Rect> = clusters
            .iter()
            .filter_map(|cluster| cluster_boxes.get(*cluster).copied())
            .collect();
        boxes.sort_by(|left, right| left.y.total_cmp(&right.y));
        let mut slots = Vec::with_capacity(boxes.len() + 1);
        let mut above = f64::NEG_INFINITY;
        for rect in &boxes {
            slots.push((above, rect.y - PASS_MARGIN));
            above = rect.y + rect.height + PASS_MARGIN;
        }
        slots.push((above, f64::INFINITY));
        free.push(slots);
    }
    free
}

/// Edges that skip columns pass through the free space of each column
/// between: where each edge enters and leaves each column it crosses.
fn passes(
    part: &Part,
    grid: &Grid,
    courses: &[(Course, usize)],
    ends: &[(Point, Point)],
    columns: &Columns,
    free: &[Vec<(f64, f64)>],
) -> Vec<Vec<(Point, Point)>> {
    let mut crossings: Vec<Vec<usize>> = free.iter().map(|slots| vec![0; slots.len()]).collect();
    let mut passes: Vec<Vec<(Point, Point)>> = vec![Vec::new(); part.links.len()];
    for (index, ((from, to), (course, _))) in ends.iter().zip(courses).enumerate() {
        let from_column = part
            .links
            .get(index)
            .and_then(|link| grid.node_column.get(link.from))
            .copied()
            .unwrap_or(0);
        let to_column = part
            .links
            .get(index)
            .and_then(|link| grid.node_column.get(link.to))
            .copied()
            .unwrap_or(0);
        let between: Vec<usize> = match course {
            Course::Forward => (from_column + 1..to_column).collect(),
            Course::Backward => (to_column + 1..from_column).rev().collect(),
            Course::Within => Vec::new(),
        };
        for column in between {
            let left = columns.x.get(column).copied().unwrap_or(0.0);
            let right = left + columns.width.get(column).copied().unwrap_or(0.0);
            let middle = f64::midpoint(left, right);
            let span = to.x - from.x;
            let straight = if span.abs() < f64::EPSILON {
                from.y
            } else {
                from.y + (to.y - from.y) * (middle - from.x) / span
            };
            let slots = free.get(column).map_or(&[][..], Vec::as_slice);
            let distance = |(low, high): (f64, f64)| {
                if straight < low {
                    low - straight
                } else if straight > high {
                    straight - high
                } else {
                    0.0
                }
            };
            let Some((slot, &(low, high))) = slots
                .iter()
                .enumerate()
                .min_by(|left, right| distance(*left.1).total_cmp(&distance(*right.1)))
            else {
                continue;
            };
            let crossed = crossings
                .get_mut(column)
                .and_then(|counts| counts.get_mut(slot))
                .map_or(0, |count| {
                    *count += 1;
                    *count - 1
                });
            let nudge = PASS_SPREAD[crossed % PASS_SPREAD.len()];
            // max-then-min rather than `clamp`, which panics on an empty range.
            let y = (straight.max(low).min(high) + nudge).max(low).min(high);
            let (enter, exit) = match course {
                Course::Backward => (right, left),
                Course::Forward | Course::Within => (left, right),
            };
            if let Some(list) = passes.get_mut(index) {
                list.push((Point { x: enter, y }, Point { x: exit, y }));
            }
        }
    }
    passes
}

/// Labels: one column of labels per gap, each where its edge crosses the
/// gap, pushed apart.
fn labels(
    courses: &[(Course, usize)],
    ends: &[(Point, Point)],
    passes: &[Vec<(Point, Point)>],
    columns: &Columns,
    label_sizes: &[(f64, f64)],
) -> Vec<Rect> {
    let mut wanted: Vec<(usize, f64, usize)> = Vec::with_capacity(courses.len());
    for (index, ((course, gap), (from, to))) in courses.iter().zip(ends).enumerate() {
        let x = columns.gap_center(*gap);
        let next = passes
            .get(index)
            .and_then(|list| list.first())
            .map_or(*to, |(enter, _)| *enter);
        let y = match course {
            Course::Within => f64::midpoint(from.y, to.y),
            Course::Forward | Course::Backward => {
                let span = next.x - from.x;
                if span.abs() < f64::EPSILON {
                    f64::midpoint(from.y, next.y)
                } else {
                    from.y + (next.y - from.y) * (x - from.x) / span
                }
            }
        };
        wanted.push((*gap, y, index));
    }
    wanted.sort_by(|left, right| {
        left.0
            .cmp(&right.0)
            .then(left.1.total_cmp(&right.1))
            .then(left.2.cmp(&right.2))
    });
    let mut labels = vec![EMPTY; courses.len()];
    let mut previous: Option<(usize, f64)> = None;
    for (gap, y, index) in wanted {
        let (width, height) = label_sizes.get(index).copied().unwrap_or((0.0, 0.0));
        let mut label_top = y - height / 2.0;
        if let Some((previous_gap, bottom)) = previous
            && previous_gap == gap
        {
            label_top = label_top.max(bottom + LABEL_GAP);
        }
        previous = Some((gap, label_top + height));
        if let Some(slot) = labels.get_mut(index) {
            *slot = Rect {
                x: columns.gap_center(gap) - width / 2.0,
                y: label_top,
                width,
                height,
            };
        }
    }
    labels
}

/// Curves through the labels and the passes.
fn routes(
    courses: &[(Course, usize)],
    ends: &[(Point, Point)],
    labels: &[Rect],
    passes: &[Vec<(Point, Point)>],
) -> Vec<Route> {
    courses
        .iter()
        .zip(ends.iter().zip(labels))
        .zip(passes)
        .map(|(((course, _), ((from, to), label)), passes)| {
            let through = label.center();
            let curves = match course {
                Course::Forward | Course::Backward => {
                    let mut curves = vec![level(*from, through)];
                    let mut at = through;
                    for (enter, exit) in passes {
                        curves.push(level(at, *enter));
                        curves.push([*enter, *exit, *exit]);
                        at = *exit;
                    }
                    curves.push(level(at, *to));
                    curves
                }
                Course::Within => vec![
                    [
                        Point {
                            x: through.x,
                            y: from.y,
                        },
                        Point {
                            x: through.x,
                            y: f64::midpoint(from.y, through.y),
                        },
                        through,
                    ],
                    [
                        Point {
                            x: through.x,
                            y: f64::midpoint(through.y, to.y),
                        },
                        Point {
                            x: through.x,
                            y: to.y,
                        },
                        *to,
                    ],
                ],
            };
            Route {
                start: *from,
                curves,
                label: *label,
            }
        })
        .collect()
}

/// A curve from `from` to `to` that leaves and arrives horizontally.
fn level(from: Point, to: Point) -> [Point; 3] {
    let half = (to.x - from.x) / 2.0;
    [
        Point {
            x: from.x + half,
            y: from.y,
        },
        Point {
            x: to.x - half,
            y: to.y,
        },
        to,
    ]
}

/// Tops for boxes of `heights` stacked in this order with `gap` between
/// them, each as near as possible to its wanted top (`None`: right after the
/// one before). Boxes that would overlap are merged into a block placed at
/// the mean of their wishes, which minimises the squared distances.
fn place(wanted: &[Option<f64>], heights: &[f64], gap: f64) -> Vec<f64> {
    // (first box, sum of wishes as block tops, count, block height)
    let mut blocks: Vec<(usize, f64, f64, f64)> = Vec::new();
    for (index, (wish, height)) in wanted.iter().zip(heights).enumerate() {
        let packed = blocks
            .last()
            .map_or(0.0, |(_, sum, count, block)| sum / count + block + gap);
        let mut block = (index, wish.unwrap_or(packed), 1.0, *height);
        while let Some(&(first, sum, count, height)) = blocks.last() {
            let previous_top = sum / count;
            if previous_top + height + gap <= block.1 / block.2 {
                break;
            }
            blocks.pop();
            // The merged block's top, as each member of the later block wishes it.
            let shifted = block.1 - block.2 * (height + gap);
            block = (
                first,
                sum + shifted,
                count + block.2,
                height + gap + block.3,
            );
        }
        blocks.push(block);
    }
    let mut tops = vec![0.0; heights.len()];
    for (position, &(first, sum, count, _)) in blocks.iter().enumerate() {
        let last = blocks
            .get(position + 1)
            .map_or(heights.len(), |(next, _, _, _)| *next);
        let mut y = sum / count;
        for index in first..last {
            if let Some(slot) = tops.get_mut(index) {
                *slot = y;
            }
            y += heights.get(index).copied().unwrap_or(0.0) + gap;
        }
    }
    tops
}

/// Moves everything but the caption down by `by`.
fn shift(layout: &mut Layout, by: f64) {
    let down = |point: &mut Point| point.y += by;
    for rect in layout.clusters.iter_mut().chain(layout.nodes.iter_mut()) {
        rect.y += by;
    }
    for route in &mut layout.routes {
        down(&mut route.start);
        for curve in &mut route.curves {
            curve.iter_mut().for_each(down);
        }
        route.label.y += by;
    }
    layout.height += by;
}
