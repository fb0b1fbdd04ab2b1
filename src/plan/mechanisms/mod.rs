//! The glue of each mechanism: one module per mechanism, each wiring one edge
//! from what its two ends offer. [`glue`] dispatches on the channel's mechanism.

use crate::catalogue::{ChannelSpec, Condition, Mechanism};
use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::glue::Glue;
use crate::plan::grants::{Sender, grant};
use crate::plan::{Expr, Kind};
use crate::source::Span;

pub(super) mod agent_logs;
mod alarm_action;
mod api_destination;
pub(super) mod code_access;
mod codecommit_trigger;
mod codedeploy_trigger;
mod dead_letter_queue;
mod delivery_channel;
mod deployment_alarm;
mod event_invoke_config;
mod event_rule;
mod event_source_mapping;
mod firehose_delivery;
mod firehose_processing;
mod http_route;
mod kinesis_streaming_destination;
mod lifecycle_hook;
mod log_delivery;
mod log_subscription;
mod notification_rule;
mod pipe;
mod pipeline_action;
mod remediation;
mod rule_target;
mod s3_notification;
mod schedule_target;
mod service_notification;
mod sns_subscription;
mod stream_application;
mod worker_queue;

/// What a mechanism reads of one edge: the edge, its channel, both ends and
/// the catalogue's principal and conditions for this target.
pub(super) struct EdgeCx<'a> {
    /// What every service and mechanism reads (reached through `Deref`).
    pub(super) shared: &'a Cx<'a>,
    pub(super) edge: &'a Edge,
    pub(super) channel: &'a ChannelSpec,
    pub(super) source: &'a Handle,
    pub(super) target: &'a Handle,
    /// The source's logical id (empty for an existing source: channels that
    /// would change one were rejected by `check`, E208).
    pub(super) source_logical: String,
    pub(super) origin: Span,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) target_service: String,
    /// The kinds of the two ends' primary resources (`None` for an address).
    pub(super) source_kind: Option<Kind>,
    pub(super) target_kind: Option<Kind>,
    pub(super) principal: Option<Expr>,
    pub(super) conditions: Vec<Condition>,
    /// Why the grant is no narrower (the channel's `unscoped`).
    pub(super) unscoped: Option<String>,
}

impl<'a> std::ops::Deref for EdgeCx<'a> {
    type Target = Cx<'a>;

    fn deref(&self) -> &Cx<'a> {
        self.shared
    }
}

impl EdgeCx<'_> {
    /// The target's grant to the source (see `grants::grant`), for a push from
    /// the source itself, whose own ARN is the `aws:SourceArn` (every mechanism
    /// but EventBridge rules):
    /// `None` when the channel names no principal, in which case the
    /// mechanism writes nothing; else the grant's logical id, if it made one.
    #[allow(
        clippy::option_option,
        reason = "no principal (write nothing) differs from a grant without a resource"
    )]
    pub(super) fn admit_source(&self, out: &mut Glue) -> Option<Option<String>> {
        let principal = self.principal.clone()?;
        Some(grant(
            self,
            out,
            self.edge.to,
            &Sender {
                from: &self.from,
                principal,
                source_arn: self.source.arn.clone(),
                conditions: &self.conditions,
                unscoped: self.unscoped.as_deref(),
                origin: self.origin,
            },
        ))
    }
}

/// Writes one edge's glue: one line per mechanism.
pub(super) fn glue(cx: &EdgeCx<'_>, out: &mut Glue) {
    use Mechanism as M;
    match cx.channel.mechanism {
        M::S3Notification => s3_notification::glue(cx, out),
        M::SnsSubscription => sns_subscription::glue(cx, out),
        M::EventSourceMapping => event_source_mapping::glue(cx, out),
        M::CodecommitTrigger => codecommit_trigger::glue(cx, out),
        M::NotificationRule => notification_rule::glue(cx, out),
        M::CodedeployTrigger => codedeploy_trigger::glue(cx, out),
        M::AlarmAction => alarm_action::glue(cx, out),
        M::LifecycleHook => lifecycle_hook::glue(cx, out),
        M::EventRule => event_rule::glue(cx, out),
        M::RuleTarget => rule_target::glue(cx, out),
        M::LogSubscription => log_subscription::glue(cx, out),
        M::ServiceNotification => service_notification::glue(cx, out),
        M::LogDelivery => log_delivery::glue(cx, out),
        M::StreamApplication => stream_application::glue(cx, out),
        M::DeliveryChannel => delivery_channel::glue(cx, out),
        M::PipelineAction => pipeline_action::glue(cx, out),
        M::Remediation => remediation::glue(cx, out),
        M::DeploymentAlarm => deployment_alarm::glue(cx, out),
        M::AgentLogs => agent_logs::glue(cx, out),
        M::WorkerQueue => worker_queue::glue(cx, out),
        M::CodeAccess => code_access::glue(cx, out),
        // Mechanisms this backend does not render yet never reach the plan:
        // `plan::unsupported` reports them (E801) before a build starts.
        M::S3EventBridge | M::SourceWebhook => {}
        M::FirehoseDelivery => firehose_delivery::glue(cx, out),
        M::HttpRoute => http_route::glue(cx, out),
        M::PipeTarget => pipe::glue(cx, out),
        M::PipeEnrichment => pipe::enrichment(cx, out),
        M::DeadLetterQueue => dead_letter_queue::glue(cx, out),
        M::EventInvokeConfig => event_invoke_config::glue(cx, out),
        M::KinesisStreamingDestination => kinesis_streaming_destination::glue(cx, out),
        M::ScheduleTarget => schedule_target::glue(cx, out),
    }
}

/// The event values chosen on an edge (or the channel's defaults).
pub(super) fn event_values(edge: &Edge, channel: &ChannelSpec) -> Vec<String> {
    let names: Vec<String> = if edge.events.is_empty() {
        channel.default_events.clone()
    } else {
        edge.events.iter().map(|event| event.text.clone()).collect()
    };
    let mut values = Vec::new();
    for name in names {
        if let Some(event) = channel.events.iter().find(|event| event.name == name) {
            for value in &event.value {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
        }
    }
    values
}
