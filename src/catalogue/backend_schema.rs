//! The properties of each backend resource type the catalogue names, for the
//! raw `cloudformation = {...}` and `terraform = {...}` blocks of a
//! declaration. Generated from cfn-lint's resource provider schemas and the
//! AWS provider schema by `scripts/gen-backend-schemas.py` into
//! `stdlib/schemas/`, and embedded in the binary.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A backend whose resource properties a declaration may set directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The `cloudformation` block: CloudFormation resource properties.
    CloudFormation,
    /// The `terraform` block: Terraform resource arguments and blocks.
    Terraform,
}

impl Backend {
    /// The block's key in a declaration.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Backend::CloudFormation => "cloudformation",
            Backend::Terraform => "terraform",
        }
    }

    /// The backend whose raw block `key` is.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Backend> {
        match key {
            "cloudformation" => Some(Backend::CloudFormation),
            "terraform" => Some(Backend::Terraform),
            _ => None,
        }
    }
}

/// One resource type's top-level properties.
#[derive(Debug, Deserialize)]
pub struct TypeSchema {
    /// Every property (CloudFormation) or argument and block (Terraform) one may set.
    pub properties: Vec<String>,
    /// Those the type requires.
    pub required: Vec<String>,
}

type Schemas = BTreeMap<String, TypeSchema>;

fn parse(text: &str) -> Schemas {
    serde_json::from_str(text).unwrap_or_default()
}

/// The schema of `resource_type` in `backend`, if the generated subset has it.
#[must_use]
pub fn type_schema(backend: Backend, resource_type: &str) -> Option<&'static TypeSchema> {
    static CLOUDFORMATION: OnceLock<Schemas> = OnceLock::new();
    static TERRAFORM: OnceLock<Schemas> = OnceLock::new();
    let schemas = match backend {
        Backend::CloudFormation => CLOUDFORMATION
            .get_or_init(|| parse(include_str!("../../stdlib/schemas/cloudformation.json"))),
        Backend::Terraform => {
            TERRAFORM.get_or_init(|| parse(include_str!("../../stdlib/schemas/terraform.json")))
        }
    };
    schemas.get(resource_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schemas_parse_and_know_the_common_types() {
        let queue = type_schema(Backend::CloudFormation, "AWS::SQS::Queue").unwrap();
        assert!(queue.properties.iter().any(|name| name == "RedrivePolicy"));
        let queue = type_schema(Backend::Terraform, "aws_sqs_queue").unwrap();
        assert!(queue.properties.iter().any(|name| name == "redrive_policy"));
        assert!(type_schema(Backend::CloudFormation, "AWS::Nope::Nope").is_none());
    }

    /// Regenerate with `scripts/gen-backend-schemas.py` when a service is added.
    #[test]
    fn every_type_the_catalogue_names_has_a_schema() {
        let (catalogue, _, _) = crate::embedded_catalogue();
        for spec in catalogue.services() {
            if let Some(kind) = &spec.resource.cloudformation {
                assert!(
                    type_schema(Backend::CloudFormation, kind).is_some(),
                    "{kind}"
                );
            }
            if let Some(kind) = &spec.resource.terraform {
                assert!(type_schema(Backend::Terraform, kind).is_some(), "{kind}");
            }
            if let Some(without) = &spec.resource.unless_property {
                for (backend, kind) in [
                    (Backend::CloudFormation, &without.cloudformation),
                    (Backend::Terraform, &without.terraform),
                ] {
                    let kind = kind.as_deref().unwrap_or_default();
                    assert!(type_schema(backend, kind).is_some(), "{kind}");
                }
            }
        }
    }
}
