//! The `access` table of a service: what `reads`, `writes` and `calls` edges
//! grant on a resource of it, and the environment variables that name it.

use super::schema::{Map, PropertyTest};
use serde::Deserialize;

/// What an access edge (`lambda f -> writes -> sqs q`) grants on a resource
/// of this service, per access channel, and how a function finds it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessSpec {
    /// The noun of the environment variables (`TABLE` in `ORDERS_TABLE_NAME`).
    pub noun: String,
    /// The attributes a function gets as environment variables, in order.
    pub variables: Vec<AccessAttribute>,
    /// Per access channel word (`reads`, `writes`, `calls`): the statements
    /// it adds to the source's role.
    pub grants: Map<Vec<AccessStatement>>,
    /// Where the action sets come from (IAM's service authorization
    /// reference, AWS SAM's connector profiles), with the month read.
    pub sources: Vec<String>,
}

impl AccessSpec {
    /// The environment variable that gives a function `attribute` of the
    /// resource called `name`: the name in upper case with every other
    /// character as `_` (runs collapsed, ends trimmed), the noun and the
    /// attribute (`orders` → `ORDERS_TABLE_NAME`, `/app/config` →
    /// `APP_CONFIG_PARAMETER_ARN`). Lambda's variable names start with a
    /// letter, so a name that starts otherwise is prefixed with `R_`.
    #[must_use]
    pub fn variable(&self, name: &str, attribute: AccessAttribute) -> String {
        let mut variable = String::with_capacity(name.len() + self.noun.len() + 6);
        for character in name.chars() {
            if character.is_ascii_alphanumeric() {
                variable.push(character.to_ascii_uppercase());
            } else if !variable.is_empty() && !variable.ends_with('_') {
                variable.push('_');
            }
        }
        if variable.ends_with('_') {
            variable.pop();
        }
        if !variable.starts_with(|first: char| first.is_ascii_alphabetic()) {
            variable.insert_str(0, "R_");
        }
        variable.push('_');
        variable.push_str(&self.noun);
        variable.push('_');
        variable.push_str(attribute.suffix());
        variable
    }
}

/// An attribute of a resource that a function gets as an environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessAttribute {
    /// The physical name (`_NAME`).
    Name,
    /// The ARN (`_ARN`).
    Arn,
    /// A queue's URL (`_URL`).
    Url,
}

impl AccessAttribute {
    /// The variable's suffix (`NAME`, `ARN`, `URL`).
    #[must_use]
    pub fn suffix(self) -> &'static str {
        match self {
            AccessAttribute::Name => "NAME",
            AccessAttribute::Arn => "ARN",
            AccessAttribute::Url => "URL",
        }
    }
}

/// One statement of an access grant: actions on some of the target's ARNs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessStatement {
    /// The IAM actions, spelt as IAM spells them.
    pub actions: Vec<String>,
    /// The resources they apply to.
    pub on: Vec<AccessScope>,
    /// Granted only when the target passes this (an existing target always).
    #[serde(default)]
    pub when: Option<PropertyTest>,
}

/// Which of a target's ARNs a statement names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessScope {
    /// The resource's own ARN.
    Arn,
    /// A bucket's objects (`ARN/*`).
    Objects,
    /// A table's indexes (`ARN/index/*`).
    Indexes,
    /// The parameters under a parameter's path (`ARN/*`).
    Children,
    /// A state machine's executions (`...:execution:NAME:*`).
    Executions,
    /// The KMS key of an encrypted target; the statement is left out when
    /// the target has no key wirec can name.
    Key,
}
