//! A plan's parameters and number literals, which both backends declare alike
//! in their own words (CloudFormation's `Parameters`, Terraform's `variable`).

use crate::plan::Parameter;
use serde_json::{Map, Value, json};

/// The words a backend uses for a parameter's fields.
pub(crate) struct ParameterWords {
    /// The key of its type.
    pub(crate) type_key: &'static str,
    /// The type of a number parameter.
    pub(crate) number: &'static str,
    /// The type of a text parameter.
    pub(crate) string: &'static str,
    /// The key of its default.
    pub(crate) default_key: &'static str,
    /// The key that hides it in consoles and logs.
    pub(crate) secret_key: &'static str,
    /// The key of its description.
    pub(crate) description_key: &'static str,
}

/// CloudFormation's `Parameters` entry.
pub(crate) const CLOUDFORMATION: ParameterWords = ParameterWords {
    type_key: "Type",
    number: "Number",
    string: "String",
    default_key: "Default",
    secret_key: "NoEcho",
    description_key: "Description",
};

/// Terraform's `variable` block.
pub(crate) const TERRAFORM: ParameterWords = ParameterWords {
    type_key: "type",
    number: "number",
    string: "string",
    default_key: "default",
    secret_key: "sensitive",
    description_key: "description",
};

/// One parameter's declaration; `location` is where the wiring declares it.
pub(crate) fn declaration(parameter: &Parameter, location: &str, words: &ParameterWords) -> Value {
    let mut body = Map::new();
    let kind = if parameter.number {
        words.number
    } else {
        words.string
    };
    body.insert(words.type_key.into(), json!(kind));
    if let Some(default) = &parameter.default {
        let default = if parameter.number {
            number(default)
        } else {
            json!(default)
        };
        body.insert(words.default_key.into(), default);
    }
    if parameter.secret {
        body.insert(words.secret_key.into(), json!(true));
    }
    body.insert(
        words.description_key.into(),
        json!(format!("Declared at {location}")),
    );
    Value::Object(body)
}

/// A number as written: an integer or a float when it parses as one, else text.
pub(crate) fn number(literal: &str) -> Value {
    if let Ok(integer) = literal.parse::<i64>() {
        return json!(integer);
    }
    match literal.parse::<f64>() {
        Ok(float) => json!(float),
        Err(_) => json!(literal),
    }
}
