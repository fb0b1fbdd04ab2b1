//! Reads the arguments after a channel word (or a resource's name) against what
//! the catalogue says that channel accepts: `on EVENTS [BRANCHES]`, keyword
//! options with values, and one positional option.

use super::OptionValue;
use crate::ast::{self, Argument, Text};
use crate::catalogue::schema::Map;
use crate::catalogue::{Catalogue, EventSpec, PropertySpec, ValueKind, codes};
use crate::diagnostics::Diagnostic;
use crate::suggest;

/// What a set of arguments may hold.
pub(super) struct Accepts<'a> {
    /// Who accepts them, for messages (`the \`notify\` channel of \`s3\``).
    pub owner: String,
    pub options: &'a Map<PropertySpec>,
    pub positional: Option<&'a str>,
    pub events: &'a [EventSpec],
    pub branches: bool,
    /// For events: the channel and service words, for messages.
    pub channel: &'a str,
    pub service: &'a str,
}

/// The parsed arguments.
#[derive(Default)]
pub(super) struct Parsed {
    /// Where `on` stands, when it was written.
    pub on: Option<crate::source::Span>,
    /// How many words followed `on` (known events or not).
    pub after_on: usize,
    pub events: Vec<Text>,
    pub branches: Vec<Text>,
    pub options: Map<OptionValue>,
    /// The unknown event words already reported: each is reported once, and
    /// only the first report lists every event, so that a line of unknown
    /// words cannot multiply the list into megabytes of diagnostics.
    unknown_events: std::collections::HashSet<String>,
}

/// How many distinct unknown events one clause reports.
const UNKNOWN_EVENTS_REPORTED: usize = 10;

enum State {
    Start,
    Events,
    Option(String),
}

pub(super) fn parse(
    arguments: &[Argument],
    accepts: &Accepts<'_>,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) -> Parsed {
    let mut parsed = Parsed::default();
    let mut state = State::Start;
    let mut skip_next = false;
    for (index, argument) in arguments.iter().enumerate() {
        if skip_next {
            skip_next = false;
            continue;
        }
        // A word that is neither an event nor an option, followed by a value, was
        // meant as an option: say so once instead of reporting both words.
        if let Argument::Word(word) = argument
            && !accepts.options.contains_key(&word.text)
            && word.text != "on"
            && !accepts.events.iter().any(|event| event.name == word.text)
            && matches!(
                arguments.get(index + 1),
                Some(Argument::String(_) | Argument::Number(_) | Argument::List(_))
            )
            && is_filled(&state, &parsed, accepts)
            && !(matches!(state, State::Start) && accepts.positional.is_some())
        {
            unknown_argument(argument, accepts, catalogue, diagnostics);
            skip_next = true;
            continue;
        }
        match argument {
            Argument::Comma(_) => {}
            Argument::Word(word) if word.text == "on" && !accepts.events.is_empty() => {
                parsed.on = Some(word.span);
                state = State::Events;
            }
            Argument::Word(word)
                if accepts.options.contains_key(&word.text)
                    && is_filled(&state, &parsed, accepts) =>
            {
                parsed.options.insert(
                    word.text.clone(),
                    OptionValue {
                        span: word.span,
                        values: Vec::new(),
                    },
                );
                state = State::Option(word.text.clone());
            }
            Argument::List(list) => {
                let values: Vec<Text> = list.items.iter().filter_map(value_text).collect();
                take_values(
                    &mut state,
                    &mut parsed,
                    values,
                    argument,
                    accepts,
                    catalogue,
                    diagnostics,
                );
            }
            Argument::Word(text) | Argument::String(text) => {
                take_values(
                    &mut state,
                    &mut parsed,
                    vec![text.clone()],
                    argument,
                    accepts,
                    catalogue,
                    diagnostics,
                );
            }
            Argument::Number(number) => {
                let text = Text {
                    text: number.literal.clone(),
                    span: number.span,
                };
                take_values(
                    &mut state,
                    &mut parsed,
                    vec![text],
                    argument,
                    accepts,
                    catalogue,
                    diagnostics,
                );
            }
        }
    }
    for (name, value) in &parsed.options {
        let spec = accepts.options.get(name);
        if let Some(max) = spec
            .and_then(|spec| spec.max)
            .filter(|_| spec.is_some_and(|spec| spec.kind == ValueKind::StringList))
            && value.values.len() as f64 > max
        {
            diagnostics.push(catalogue.report(
                codes::INVALID_VALUE,
                value.span,
                &[
                    ("option", name),
                    ("expected", &format!("at most {max} values")),
                    ("found", &format!("{} values", value.values.len())),
                ],
            ));
        }
        if value.values.is_empty() && !spec.is_some_and(is_flag) {
            diagnostics.push(catalogue.report(
                codes::INVALID_VALUE,
                value.span,
                &[
                    ("option", name),
                    ("expected", "a value"),
                    ("found", "nothing"),
                ],
            ));
        } else if let Some(spec) = accepts.options.get(name) {
            for text in &value.values {
                if let Some((expected, found)) = super::values::text_problem(spec, &text.text) {
                    diagnostics.push(catalogue.report(
                        codes::INVALID_VALUE,
                        text.span,
                        &[("option", name), ("expected", &expected), ("found", &found)],
                    ));
                }
            }
        }
    }
    if let Some(on) = parsed.on
        && parsed.after_on == 0
    {
        diagnostics.push(catalogue.report(
            codes::INVALID_VALUE,
            on,
            &[
                ("option", "on"),
                ("expected", "at least one event"),
                ("found", "nothing"),
            ],
        ));
    }
    parsed
}

/// Whether the option being read has what it takes, so that the next word
/// may start another: a value, or nothing for a flag.
fn is_filled(state: &State, parsed: &Parsed, accepts: &Accepts<'_>) -> bool {
    match state {
        State::Option(name) => {
            accepts.options.get(name).is_some_and(is_flag)
                || parsed
                    .options
                    .get(name)
                    .is_some_and(|value| !value.values.is_empty())
        }
        _ => true,
    }
}

fn is_flag(spec: &PropertySpec) -> bool {
    spec.kind == ValueKind::Flag
}

fn value_text(value: &ast::Value) -> Option<Text> {
    match value {
        ast::Value::String(text) | ast::Value::Word(text) => Some(text.clone()),
        // An option's list holds words: `NAME.attribute` there is one word.
        ast::Value::Reference(reference) => Some(Text {
            text: reference.written(),
            span: reference.span,
        }),
        ast::Value::Number(number) => Some(Text {
            text: number.literal.clone(),
            span: number.span,
        }),
        ast::Value::Bool(flag, span) => Some(Text {
            text: flag.to_string(),
            span: *span,
        }),
        ast::Value::List(_) | ast::Value::Map(..) => None,
    }
}

fn take_values(
    state: &mut State,
    parsed: &mut Parsed,
    values: Vec<Text>,
    argument: &Argument,
    accepts: &Accepts<'_>,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match state {
        State::Events => {
            parsed.after_on += values.len();
            for value in values {
                if accepts.events.iter().any(|event| event.name == value.text) {
                    parsed.events.push(value);
                } else if accepts.branches && !parsed.events.is_empty() {
                    parsed.branches.push(value);
                } else if parsed.unknown_events.contains(&value.text)
                    || parsed.unknown_events.len() >= UNKNOWN_EVENTS_REPORTED
                {
                    // Reported already, at its first place in this clause, or
                    // past the ones reported until the first are fixed.
                } else {
                    let names: Vec<&str> = accepts
                        .events
                        .iter()
                        .map(|event| event.name.as_str())
                        .collect();
                    let hint = match suggest::closest(&value.text, names.iter().copied()) {
                        None if !parsed.unknown_events.is_empty() => {
                            "its events are listed at the first unknown event of this clause."
                                .to_string()
                        }
                        _ => suggest::hint(&value.text, &names, "its events are"),
                    };
                    parsed.unknown_events.insert(value.text.clone());
                    let hint = if parsed.unknown_events.len() == UNKNOWN_EVENTS_REPORTED {
                        format!(
                            "{hint} Further unknown events of this clause are not reported until these are fixed."
                        )
                    } else {
                        hint
                    };
                    let mut diagnostic = catalogue.report(
                        codes::UNKNOWN_EVENT,
                        value.span,
                        &[
                            ("event", &value.text),
                            ("channel", accepts.channel),
                            ("service", accepts.service),
                            ("hint", &hint),
                        ],
                    );
                    // Strings keep their quotes in the source, so only bare words get a rewrite.
                    if value.span.len() == value.text.len()
                        && let Some(suggestion) =
                            suggest::replacement(&value.text, value.span, names.iter().copied())
                    {
                        diagnostic = diagnostic.with_suggestion(suggestion);
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
        State::Option(name) => {
            let multiple = accepts
                .options
                .get(name.as_str())
                .is_some_and(|spec| spec.kind == ValueKind::StringList);
            let flag = accepts.options.get(name.as_str()).is_some_and(is_flag);
            if let Some(option) = parsed.options.get_mut(name.as_str())
                && !flag
                && (option.values.is_empty() || multiple)
            {
                for value in values {
                    option.span = option.span.to(value.span);
                    option.values.push(value);
                }
                return;
            }
            unknown_argument(argument, accepts, catalogue, diagnostics);
        }
        State::Start => match accepts.positional {
            Some(positional) if !parsed.options.contains_key(positional) => {
                let span = values.first().map_or(argument.span(), |value| value.span);
                parsed
                    .options
                    .insert(positional.to_string(), OptionValue { span, values });
                *state = State::Option(positional.to_string());
            }
            _ => unknown_argument(argument, accepts, catalogue, diagnostics),
        },
    }
}

fn unknown_argument(
    argument: &Argument,
    accepts: &Accepts<'_>,
    catalogue: &Catalogue,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let word = match argument {
        Argument::Word(text) | Argument::String(text) => text.text.clone(),
        Argument::Number(number) => number.literal.clone(),
        Argument::List(_) => "[...]".to_string(),
        Argument::Comma(_) => ",".to_string(),
    };
    let mut names: Vec<&str> = accepts.options.keys().map(String::as_str).collect();
    if !accepts.events.is_empty() {
        names.insert(0, "on");
    }
    let hint = suggest::hint(&word, &names, "it takes");
    let mut diagnostic = catalogue.report(
        codes::UNKNOWN_OPTION,
        argument.span(),
        &[
            ("option", &word),
            ("owner", &accepts.owner),
            ("hint", &hint),
        ],
    );
    if let Argument::Word(text) = argument
        && let Some(suggestion) = suggest::replacement(&text.text, text.span, names.iter().copied())
    {
        diagnostic = diagnostic.with_suggestion(suggestion);
    }
    diagnostics.push(diagnostic);
}
