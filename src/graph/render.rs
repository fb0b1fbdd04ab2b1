//! The three picture formats: Graphviz DOT, Mermaid (GitHub renders it in
//! Markdown) and SVG (laid out by [`super::layout`]).

use super::layout::{self, LABEL_LINE_HEIGHT, LINE_HEIGHT, Layout, MARGIN};
use super::{Highlight, Mark, Part};
use std::fmt::Write as _;

const ERROR_COLOR: &str = "#d62728";
const WARNING_COLOR: &str = "#e67e00";
const NODE_STROKE: &str = "#4a5568";
const EDGE_COLOR: &str = "#5f6b7a";
const CLUSTER_FILL: &str = "#f3f5f8";
const CLUSTER_STROKE: &str = "#c5cdd8";
const TEXT_COLOR: &str = "#1f2933";
const FONT: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

fn color(mark: Mark) -> &'static str {
    match mark {
        Mark::Error => ERROR_COLOR,
        Mark::Warning => WARNING_COLOR,
    }
}

/// Graphviz DOT: one `cluster_` subgraph per service (inside one per root file
/// when there are several), edges labelled with the channel and the chosen
/// events, marked resources and edges coloured, with their codes.
#[must_use]
pub fn dot(parts: &[Part]) -> String {
    let mut out = String::from("digraph wiring {\n");
    out.push_str(
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.3, ranksep=0.9",
    );
    if let [part] = parts {
        let _ = write!(
            out,
            ", labelloc=t, labeljust=l, label={}",
            dot_string(&part.title)
        );
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"white\", color=\"{NODE_STROKE}\", fontname=\"Helvetica\", fontsize=11];"
    );
    let _ = writeln!(
        out,
        "  edge [color=\"{EDGE_COLOR}\", fontname=\"Helvetica\", fontsize=9, fontcolor=\"{TEXT_COLOR}\"];"
    );
    let several = parts.len() > 1;
    for (number, part) in parts.iter().enumerate() {
        let prefix = if several {
            format!("{number}:")
        } else {
            String::new()
        };
        let id = |node: usize| {
            part.nodes.get(node).map_or_else(String::new, |node| {
                dot_string(&format!("{prefix}{}/{}", node.service, node.name))
            })
        };
        let indent = if several { "    " } else { "  " };
        if several {
            let _ = writeln!(
                out,
                "\n  subgraph cluster_{number} {{\n    label={};\n    style=\"rounded\"; color=\"{CLUSTER_STROKE}\";",
                dot_string(&part.title)
            );
        }
        for (index, cluster) in part.clusters.iter().enumerate() {
            let _ = writeln!(
                out,
                "\n{indent}subgraph cluster_{number}_{index} {{\n{indent}  label={};\n{indent}  style=\"rounded,filled\"; fillcolor=\"{CLUSTER_FILL}\"; color=\"{CLUSTER_STROKE}\";",
                dot_string(&cluster.service)
            );
            for &node_index in &cluster.nodes {
                let Some(node) = part.nodes.get(node_index) else {
                    continue;
                };
                let mut attributes = vec![format!(
                    "label={}",
                    dot_string(&layout::node_lines(node).join("\n"))
                )];
                if node.existing {
                    attributes.push("style=\"rounded,filled,dashed\"".to_string());
                }
                attributes.extend(dot_highlight(&node.highlight));
                let _ = writeln!(
                    out,
                    "{indent}  {} [{}];",
                    id(node_index),
                    attributes.join(", ")
                );
            }
            let _ = writeln!(out, "{indent}}}");
        }
        if !part.links.is_empty() {
            out.push('\n');
        }
        for link in &part.links {
            let mut attributes = vec![format!(
                "label={}",
                dot_string(&link.label_lines().join("\n"))
            )];
            attributes.extend(dot_highlight(&link.highlight));
            let _ = writeln!(
                out,
                "{indent}{} -> {} [{}];",
                id(link.from),
                id(link.to),
                attributes.join(", ")
            );
        }
        if several {
            out.push_str("  }\n");
        }
    }
    out.push_str("}\n");
    out
}

fn dot_highlight(highlight: &Highlight) -> Vec<String> {
    let Some(mark) = highlight.mark else {
        return Vec::new();
    };
    let color = color(mark);
    vec![
        format!("color=\"{color}\""),
        format!("fontcolor=\"{color}\""),
        "penwidth=2".to_string(),
        format!("tooltip={}", dot_string(&highlight.codes.join(" "))),
    ]
}

/// A DOT double-quoted string; a newline becomes a centred line break.
fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// A Mermaid flowchart: one subgraph per service (inside one per root file
/// when there are several), marked resources in the `error` and `warning`
/// classes, marked edges coloured with `linkStyle`.
#[must_use]
pub fn mermaid(parts: &[Part]) -> String {
    let mut out = String::new();
    if let [part] = parts {
        let _ = writeln!(out, "---\ntitle: {}\n---", yaml_string(&part.title));
    }
    out.push_str("flowchart LR\n");
    let several = parts.len() > 1;
    let mut classes: Vec<(String, &'static str)> = Vec::new();
    let mut link_styles: Vec<(usize, Mark)> = Vec::new();
    let mut link_number = 0;
    for (number, part) in parts.iter().enumerate() {
        let prefix = if several {
            format!("p{number}")
        } else {
            String::new()
        };
        let indent = if several { "    " } else { "  " };
        if several {
            let _ = writeln!(out, "  subgraph {prefix} [{}]", mermaid_string(&part.title));
        }
        for (index, cluster) in part.clusters.iter().enumerate() {
            let _ = writeln!(
                out,
                "{indent}subgraph {prefix}c{index} [{}]",
                mermaid_string(&cluster.service)
            );
            for &node_index in &cluster.nodes {
                let Some(node) = part.nodes.get(node_index) else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "{indent}  {prefix}n{node_index}[{}]",
                    mermaid_string(&layout::node_lines(node).join("\n"))
                );
                if let Some(mark) = node.highlight.mark {
                    classes.push((format!("{prefix}n{node_index}"), mark.as_str()));
                }
                if node.existing {
                    classes.push((format!("{prefix}n{node_index}"), "existing"));
                }
            }
            let _ = writeln!(out, "{indent}end");
        }
        for link in &part.links {
            let _ = writeln!(
                out,
                "{indent}{prefix}n{} -->|{}| {prefix}n{}",
                link.from,
                mermaid_string(&link.label_lines().join("\n")),
                link.to
            );
            if let Some(mark) = link.highlight.mark {
                link_styles.push((link_number, mark));
            }
            link_number += 1;
        }
        if several {
            out.push_str("  end\n");
        }
    }
    if !classes.is_empty() {
        let _ = writeln!(
            out,
            "  classDef error stroke:{ERROR_COLOR},stroke-width:2px,color:{ERROR_COLOR}"
        );
        let _ = writeln!(
            out,
            "  classDef warning stroke:{WARNING_COLOR},stroke-width:2px,color:{WARNING_COLOR}"
        );
        out.push_str("  classDef existing stroke-dasharray:5 5\n");
        for (node, class) in &classes {
            let _ = writeln!(out, "  class {node} {class}");
        }
    }
    for (number, mark) in link_styles {
        let _ = writeln!(
            out,
            "  linkStyle {number} stroke:{},stroke-width:2px,color:{}",
            color(mark),
            color(mark)
        );
    }
    out
}

/// A quoted Mermaid label: quotes and markup characters as entity codes, a
/// newline as `<br/>`.
fn mermaid_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// A YAML double-quoted scalar (for Mermaid's front matter).
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// A standalone SVG picture: the parts stacked top to bottom, each laid out by
/// [`layout::layout`], with a legend when anything is marked. Every resource is
/// a `<g class="node">` with `data-service` and `data-name`, every edge a
/// `<g class="edge">` with `data-channel`, each with a `<title>` tooltip.
#[must_use]
pub fn svg(parts: &[Part]) -> String {
    let layouts: Vec<Layout> = parts.iter().map(layout::layout).collect();
    let marked = parts.iter().any(|part| {
        part.nodes.iter().any(|node| node.highlight.mark.is_some())
            || part.links.iter().any(|link| link.highlight.mark.is_some())
    });
    let legend_height = if marked { 28.0 } else { 0.0 };
    let width = layouts
        .iter()
        .map(|layout| layout.width)
        .fold(if marked { 260.0 } else { 0.0 }, f64::max);
    let height = layouts.iter().map(|layout| layout.height).sum::<f64>() + legend_height;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\">",
        w = number(width),
        h = number(height)
    );
    out.push_str("<defs>\n");
    for (id, fill) in [
        ("arrow", EDGE_COLOR),
        ("arrow-error", ERROR_COLOR),
        ("arrow-warning", WARNING_COLOR),
    ] {
        let _ = writeln!(
            out,
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\" markerUnits=\"userSpaceOnUse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{fill}\"/></marker>"
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\" stroke=\"none\"/>",
        number(width),
        number(height)
    );
    let mut top = 0.0;
    for (part, layout) in parts.iter().zip(&layouts) {
        let _ = writeln!(
            out,
            "<g class=\"part\" transform=\"translate(0 {})\">",
            number(top)
        );
        svg_part(&mut out, part, layout);
        out.push_str("</g>\n");
        top += layout.height;
    }
    if marked {
        let y = top + 4.0;
        let _ = writeln!(
            out,
            "<g class=\"legend\" font-size=\"11\"><rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"white\" stroke=\"{ERROR_COLOR}\" stroke-width=\"2\"/><text x=\"{tx}\" y=\"{ty}\" fill=\"{TEXT_COLOR}\">error</text><rect x=\"{x2}\" y=\"{y}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"white\" stroke=\"{WARNING_COLOR}\" stroke-width=\"2\"/><text x=\"{tx2}\" y=\"{ty}\" fill=\"{TEXT_COLOR}\">warning</text></g>",
            x = number(MARGIN),
            y = number(y),
            tx = number(MARGIN + 18.0),
            ty = number(y + 10.0),
            x2 = number(MARGIN + 80.0),
            tx2 = number(MARGIN + 98.0),
        );
    }
    out.push_str("</svg>\n");
    out
}

fn svg_part(out: &mut String, part: &Part, layout: &Layout) {
    if !part.title.is_empty() {
        let _ = writeln!(
            out,
            "<text class=\"title\" x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" fill=\"{TEXT_COLOR}\" dominant-baseline=\"middle\">{}</text>",
            number(layout.title.x),
            number(layout.title.y),
            xml(&part.title)
        );
    }
    for (cluster, rect) in part.clusters.iter().zip(&layout.clusters) {
        let _ = writeln!(
            out,
            "<g class=\"cluster\" data-service=\"{service}\"><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{CLUSTER_FILL}\" stroke=\"{CLUSTER_STROKE}\"/><text x=\"{tx}\" y=\"{ty}\" font-size=\"12\" font-weight=\"bold\" fill=\"{NODE_STROKE}\" dominant-baseline=\"middle\">{service}</text></g>",
            service = xml(&cluster.service),
            x = number(rect.x),
            y = number(rect.y),
            w = number(rect.width),
            h = number(rect.height),
            tx = number(rect.x + 10.0),
            ty = number(rect.y + layout::CLUSTER_HEADER / 2.0 + 1.0),
        );
    }
    // Edges, then their labels over every edge, then the resources.
    let mut labels = String::new();
    for (link, route) in part.links.iter().zip(&layout.routes) {
        let (stroke, marker) = match link.highlight.mark {
            Some(Mark::Error) => (ERROR_COLOR, "arrow-error"),
            Some(Mark::Warning) => (WARNING_COLOR, "arrow-warning"),
            None => (EDGE_COLOR, "arrow"),
        };
        let width = if link.highlight.mark.is_some() {
            "2"
        } else {
            "1.3"
        };
        let mut path = format!("M{},{}", number(route.start.x), number(route.start.y));
        for [first, second, end] in &route.curves {
            let _ = write!(
                path,
                " C{},{} {},{} {},{}",
                number(first.x),
                number(first.y),
                number(second.x),
                number(second.y),
                number(end.x),
                number(end.y)
            );
        }
        let (from, to) = (
            part.nodes
                .get(link.from)
                .map_or("", |node| node.name.as_str()),
            part.nodes
                .get(link.to)
                .map_or("", |node| node.name.as_str()),
        );
        let lines = link.label_lines();
        let mut tooltip = format!("{from} -> {} -> {to}", lines.join(" on "));
        if !link.highlight.codes.is_empty() {
            let _ = write!(tooltip, " ({})", link.highlight.codes.join(" "));
        }
        let _ = writeln!(
            out,
            "<g class=\"edge\" data-channel=\"{}\"><title>{}</title><path d=\"{path}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\" marker-end=\"url(#{marker})\"/></g>",
            xml(&link.channel),
            xml(&tooltip)
        );
        let label = route.label;
        let _ = writeln!(
            labels,
            "<g class=\"label\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"white\" fill-opacity=\"0.92\" stroke=\"none\"/>",
            xml(&tooltip),
            number(label.x),
            number(label.y),
            number(label.width),
            number(label.height)
        );
        let text_color = link.highlight.mark.map_or(TEXT_COLOR, color);
        for (index, line) in lines.iter().enumerate() {
            let _ = writeln!(
                labels,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"{text_color}\"{}>{}</text>",
                number(label.center().x),
                number(label.y + 3.0 + LABEL_LINE_HEIGHT * (index as f64 + 0.5)),
                if index == 0 {
                    ""
                } else {
                    " font-style=\"italic\""
                },
                xml(line)
            );
        }
        labels.push_str("</g>\n");
    }
    out.push_str(&labels);
    for (node, rect) in part.nodes.iter().zip(&layout.nodes) {
        let (stroke, width) = match node.highlight.mark {
            Some(mark) => (color(mark), "2.5"),
            None => (NODE_STROKE, "1.2"),
        };
        let dash = if node.existing {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let mut tooltip = format!("{} {}", node.service, node.name);
        if node.existing {
            tooltip.push_str(" (existing)");
        }
        if !node.highlight.codes.is_empty() {
            let _ = write!(tooltip, ": {}", node.highlight.codes.join(" "));
        }
        let _ = writeln!(
            out,
            "<g class=\"node\" data-service=\"{}\" data-name=\"{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"white\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>",
            xml(&node.service),
            xml(&node.name),
            xml(&tooltip),
            number(rect.x),
            number(rect.y),
            number(rect.width),
            number(rect.height)
        );
        let lines = layout::node_lines(node);
        let first = rect.center().y - (lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0;
        for (index, line) in lines.iter().enumerate() {
            let (fill, size) = if index == 0 {
                (TEXT_COLOR, "12")
            } else {
                (node.highlight.mark.map_or(TEXT_COLOR, color), "11")
            };
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"{fill}\">{}</text>",
                number(rect.center().x),
                number(first + index as f64 * LINE_HEIGHT),
                xml(line)
            );
        }
        out.push_str("</g>\n");
    }
}

/// A coordinate with at most one decimal, without a trailing `.0`.
fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let text = format!("{rounded:.1}");
    match text.strip_suffix(".0") {
        Some("-0") => "0".to_string(),
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// Text and attribute values with XML's five special characters escaped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            character if character.is_control() && character != '\n' && character != '\t' => {}
            other => out.push(other),
        }
    }
    out
}
