//! The kinds whose Terraform shape differs from CloudFormation's by more than
//! the renames of their spec (`stdlib/backends/kinds.yaml`): one module a kind,
//! each a `render` that reads the plan resource's properties and writes the
//! primary resource's arguments and the resources split off it.

mod alarm;
mod api_stage;
mod auto_scaling_group;
mod bucket;
mod config_delivery_channel;
mod delivery_destination;
mod delivery_stream;
mod deployment_group;
mod event_invoke_config;
mod event_source_mapping;
mod flink_application;
mod function;
mod hosted_zone;
mod instance;
mod load_balancer;
mod managed_policy;
mod notification_rule;
mod permission;
mod pipeline;
mod project;
mod remediation;
mod repository;
mod role;
mod rule;
mod scaling_policy;
mod state_machine;
mod stream;
mod subscription;
mod table;

use super::{Props, Renderer};
use crate::plan::{Kind, Resource};
use serde_json::{Map, Value};

/// What every kind module uses.
mod prelude {
    pub(super) use super::super::{Renderer, address, field, items, name, text_of};
    pub(super) use super::Draft;
    pub(super) use crate::plan::{Expr, Kind};
    pub(super) use serde_json::{Map, Value, json};
}

/// The plan resource being rendered and what is written for it so far: the
/// resource, its properties (with the keys read so far), the primary
/// Terraform resource's arguments, and its Terraform name (which what is split
/// off it shares).
pub(super) struct Draft<'a, 'p>(
    pub(super) &'a Resource,
    pub(super) &'a mut Props<'p>,
    pub(super) &'a mut Map<String, Value>,
    pub(super) &'a str,
);

/// Writes a kind's arguments beyond its spec's renames, and what Terraform
/// keeps in resources of their own.
pub(super) type Render = fn(&mut Renderer<'_>, Draft<'_, '_>);

/// The code of a kind, or `None` when its spec says all there is to say.
pub(super) fn code(kind: Kind) -> Option<Render> {
    Some(match kind {
        Kind::Alarm => alarm::render,
        Kind::ApiStage => api_stage::render,
        Kind::AutoScalingGroup => auto_scaling_group::render,
        Kind::Bucket => bucket::render,
        Kind::ConfigDeliveryChannel => config_delivery_channel::render,
        Kind::DeliveryDestination => delivery_destination::render,
        Kind::DeliveryStream => delivery_stream::render,
        Kind::DeploymentGroup => deployment_group::render,
        Kind::EventSourceMapping => event_source_mapping::render,
        Kind::EventInvokeConfig => event_invoke_config::render,
        Kind::FlinkApplication => flink_application::render,
        Kind::Function => function::render,
        Kind::HostedZone => hosted_zone::render,
        Kind::Instance => instance::render,
        Kind::LoadBalancer => load_balancer::render,
        Kind::ManagedPolicy => managed_policy::render,
        Kind::NotificationRule => notification_rule::render,
        Kind::Permission => permission::render,
        Kind::Pipeline => pipeline::render,
        Kind::Project => project::render,
        Kind::Remediation => remediation::render,
        Kind::Repository => repository::render,
        Kind::Role => role::render,
        Kind::Rule => rule::render,
        Kind::ScalingPolicy => scaling_policy::render,
        Kind::StateMachine => state_machine::render,
        Kind::Stream => stream::render,
        Kind::Subscription => subscription::render,
        Kind::Table => table::render,
        _ => return None,
    })
}
