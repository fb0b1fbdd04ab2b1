//! `wirec graph`: DOT and Mermaid snapshots, the SVG's structure and layout,
//! and the marks that diagnostics leave on the picture.

use crate::support::{self, wirec};
use std::path::Path;
use wirec::graph::{self, Mark, Part, layout};

fn part(path: &str) -> Part {
    let catalogue = support::catalogue();
    let compilation = support::compile_file(Path::new(path), &catalogue);
    Part::new(path, &compilation.model, &compilation.diagnostics)
}

#[test]
fn dot_of_an_example() {
    insta::assert_snapshot!(
        "dot_cicd_notifications",
        graph::dot(&[part("examples/cicd-notifications.wire")])
    );
}

#[test]
fn mermaid_of_an_example() {
    insta::assert_snapshot!(
        "mermaid_cicd_notifications",
        graph::mermaid(&[part("examples/cicd-notifications.wire")])
    );
}

#[test]
fn dot_marks_what_the_diagnostics_point_at() {
    insta::assert_snapshot!(
        "dot_mistakes",
        graph::dot(&[part("examples/mistakes.wire")])
    );
}

#[test]
fn mermaid_of_several_files_nests_one_subgraph_per_file() {
    let parts = [
        part("examples/s3-ingest.wire"),
        part("examples/mistakes.wire"),
    ];
    let text = graph::mermaid(&parts);
    assert!(text.starts_with("flowchart LR\n"), "{text}");
    assert!(text.contains("subgraph p0 [\"examples/s3-ingest.wire\"]"));
    assert!(text.contains("subgraph p1 [\"examples/mistakes.wire\"]"));
    // Node ids do not collide across files.
    assert!(text.contains("p0n0[") && text.contains("p1n0["));
    assert!(text.contains("class p1n1 error"), "{text}");
}

#[test]
fn marks_follow_severity_and_carry_codes() {
    let mistakes = part("examples/mistakes.wire");
    let node = |name: &str| {
        mistakes
            .nodes
            .iter()
            .find(|node| node.name == name)
            .unwrap_or_else(|| panic!("no node {name}"))
    };
    assert_eq!(node("notifier").highlight.mark, Some(Mark::Error));
    assert_eq!(node("notifier").highlight.codes, ["E301"]);
    assert_eq!(node("reader-1").highlight.mark, Some(Mark::Warning));
    assert_eq!(node("uploads").highlight.mark, None);
    // E103 points at an event in the channel clause: the edge is marked, not a resource.
    let notify = mistakes
        .links
        .iter()
        .find(|link| link.channel == "notify")
        .unwrap();
    assert_eq!(notify.highlight.codes, ["E103"]);
    // An implicit channel is not marked for what its target's span carries.
    let poll = mistakes
        .links
        .iter()
        .find(|link| link.channel == "poll")
        .unwrap();
    assert_eq!(poll.highlight.mark, None);
    // `lamda reporter` and `notifier-typo` name nothing that is drawn.
    assert_eq!(mistakes.unplaced, 2);
    assert_eq!(mistakes.marked(), (5, 5));

    let clean = part("examples/cicd-notifications.wire");
    assert!(clean.nodes.iter().all(|node| node.highlight.mark.is_none()));
    assert_eq!(clean.unplaced, 0);
}

#[test]
fn svg_is_well_formed_with_one_node_per_resource() {
    let catalogue = support::catalogue();
    for path in support::examples() {
        let compilation = support::compile_file(&path, &catalogue);
        let name = path.display().to_string();
        let picture = graph::svg(&[Part::new(
            name.as_str(),
            &compilation.model,
            &compilation.diagnostics,
        )]);
        let document = roxmltree::Document::parse(&picture)
            .unwrap_or_else(|error| panic!("{name}: not well-formed XML: {error}"));
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let nodes: Vec<(String, String)> = document
            .descendants()
            .filter(|element| element.attribute("class") == Some("node"))
            .map(|element| {
                (
                    element.attribute("data-service").unwrap().to_string(),
                    element.attribute("data-name").unwrap().to_string(),
                )
            })
            .collect();
        let resources: Vec<(String, String)> = compilation
            .model
            .resources
            .iter()
            .map(|resource| (resource.service.clone(), resource.name.clone()))
            .collect();
        assert_eq!(nodes, resources, "{name}");
        let edges = document
            .descendants()
            .filter(|element| element.attribute("class") == Some("edge"))
            .count();
        assert_eq!(edges, compilation.model.edges.len(), "{name}");
        // Deterministic.
        let again = graph::svg(&[Part::new(
            name.as_str(),
            &compilation.model,
            &compilation.diagnostics,
        )]);
        assert_eq!(picture, again, "{name}");
    }
}

fn node(service: &str, name: &str, cluster: usize) -> graph::Node {
    graph::Node {
        service: service.to_string(),
        name: name.to_string(),
        cluster,
        existing: false,
        highlight: graph::Highlight::default(),
    }
}

fn link(from: usize, to: usize, channel: &str) -> graph::Link {
    graph::Link {
        from,
        to,
        channel: channel.to_string(),
        events: Vec::new(),
        highlight: graph::Highlight::default(),
    }
}

/// Markup characters in every text, a self-loop, an edge within a cluster,
/// a cycle between clusters and an edge that skips a column.
fn odd_part() -> Part {
    Part {
        title: "odd <file> & \"quotes\".wire".to_string(),
        clusters: vec![
            graph::Cluster {
                service: "sns".to_string(),
                nodes: vec![0, 1],
            },
            graph::Cluster {
                service: "la<m>bda".to_string(),
                nodes: vec![2],
            },
            graph::Cluster {
                service: "sqs".to_string(),
                nodes: vec![3],
            },
        ],
        nodes: vec![
            node("sns", "a<b>&'c\"", 0),
            node("sns", "#quot; [x]", 0),
            node("la<m>bda", "f", 1),
            node("sqs", "q", 2),
        ],
        links: vec![
            link(0, 2, "sub<scribe>"),
            link(2, 3, "send"),
            link(3, 2, "poll"),
            link(0, 3, "skip & jump"),
            link(0, 1, "within"),
            link(2, 2, "self"),
            link(3, 0, "back"),
        ],
        unplaced: 0,
    }
}

#[test]
fn every_format_escapes_names_and_survives_odd_wiring() {
    let part = odd_part();
    let picture = graph::svg(std::slice::from_ref(&part));
    let document = roxmltree::Document::parse(&picture).unwrap();
    let names: Vec<&str> = document
        .descendants()
        .filter_map(|element| element.attribute("data-name"))
        .collect();
    assert_eq!(names, ["a<b>&'c\"", "#quot; [x]", "f", "q"]);
    let dot = graph::dot(std::slice::from_ref(&part));
    assert!(
        dot.contains(r#""sns/a<b>&'c\"" [label="a<b>&'c\""]"#),
        "{dot}"
    );
    let mermaid = graph::mermaid(std::slice::from_ref(&part));
    assert!(
        mermaid.contains(r#"n0["a#lt;b#gt;&'c#quot;"]"#),
        "{mermaid}"
    );
    assert!(mermaid.contains(r##"n1["#35;quot; [x]"]"##), "{mermaid}");
    let empty = graph::svg(&[Part::new("", &wirec::model::Model::default(), &[])]);
    roxmltree::Document::parse(&empty).unwrap();
}

fn overlaps(left: &layout::Rect, right: &layout::Rect) -> bool {
    left.x < right.x + right.width
        && right.x < left.x + left.width
        && left.y < right.y + right.height
        && right.y < left.y + left.height
}

#[test]
fn layout_keeps_boxes_and_labels_apart_and_inside_the_picture() {
    let mut parts: Vec<(String, Part)> = support::examples()
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let part = part(&name);
            (name, part)
        })
        .collect();
    parts.push(("odd".to_string(), odd_part()));
    for (name, part) in parts {
        let placed = layout::layout(&part);
        let inside = |rect: &layout::Rect| {
            rect.x >= 0.0
                && rect.y >= 0.0
                && rect.x + rect.width <= placed.width
                && rect.y + rect.height <= placed.height
        };
        for (index, rect) in placed.clusters.iter().enumerate() {
            assert!(inside(rect), "{name}: cluster {index} outside");
            for other in &placed.clusters[index + 1..] {
                assert!(!overlaps(rect, other), "{name}: clusters overlap");
            }
        }
        for (index, rect) in placed.nodes.iter().enumerate() {
            let cluster = &placed.clusters[part.nodes[index].cluster];
            assert!(
                rect.x >= cluster.x
                    && rect.y >= cluster.y
                    && rect.x + rect.width <= cluster.x + cluster.width
                    && rect.y + rect.height <= cluster.y + cluster.height,
                "{name}: node {index} outside its cluster"
            );
            for other in &placed.nodes[index + 1..] {
                assert!(!overlaps(rect, other), "{name}: nodes overlap");
            }
        }
        for (index, route) in placed.routes.iter().enumerate() {
            assert!(inside(&route.label), "{name}: label {index} outside");
            for rect in &placed.clusters {
                assert!(
                    !overlaps(&route.label, rect),
                    "{name}: label {index} over a cluster"
                );
            }
            for other in &placed.routes[index + 1..] {
                assert!(
                    !overlaps(&route.label, &other.label),
                    "{name}: labels overlap"
                );
            }
            // The route starts at its source's box and ends at its target's.
            let link = &part.links[index];
            let (from, to) = (&placed.nodes[link.from], &placed.nodes[link.to]);
            let end = route.curves.last().unwrap()[2];
            assert!(
                (route.start.x - from.x).abs() < 0.01
                    || (route.start.x - (from.x + from.width)).abs() < 0.01
            );
            assert!((end.x - to.x).abs() < 0.01 || (end.x - (to.x + to.width)).abs() < 0.01);
        }
    }
}

#[test]
fn the_command_draws_even_with_errors_and_infers_the_format() {
    let output = wirec(&["graph", "examples/mistakes.wire", "--format", "mermaid"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("flowchart LR"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "drew 1 file: 16 resources, 9 edges; marked 5 with errors and 5 with warnings"
        ),
        "{stderr}"
    );

    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("pictures/cicd.svg");
    let output = wirec(&[
        "graph",
        "examples/cicd-notifications.wire",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    roxmltree::Document::parse(&written).unwrap();

    let output = wirec(&["graph", "examples/s3-ingest.wire"]);
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("digraph wiring {"));
}

#[test]
fn a_file_that_does_not_parse_has_no_picture() {
    let folder = tempfile::tempdir().unwrap();
    let source = folder.path().join("broken.wire");
    std::fs::write(&source, "sns alerts ->\n").unwrap();
    let output = wirec(&["graph", source.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("E001") && stderr.contains("no picture written"),
        "{stderr}"
    );
    assert_eq!(
        wirec(&["graph", "no/such/file.wire"]).status.code(),
        Some(2)
    );
}

#[test]
fn the_readme_picture_is_current() {
    let committed = std::fs::read_to_string("docs/images/cicd-notifications.svg").unwrap();
    assert!(
        committed == graph::svg(&[part("examples/cicd-notifications.wire")]),
        "docs/images/cicd-notifications.svg is stale: run `wirec graph examples/cicd-notifications.wire -o docs/images/cicd-notifications.svg`"
    );
}
