//! The glue of each mechanism: one module per mechanism, each wiring one edge
//! from what its two ends offer. [`glue`] dispatches on the channel's mechanism.

use crate::catalogue::{ChannelSpec, Condition, Mechanism};
use crate::model::Edge;
use crate::plan::build::{Builder, Handle};
use crate::plan::{Expr, Kind};
use crate::source::Span;
use std::rc::Rc;

pub(super) mod agent_logs;
mod alarm_action;
mod codecommit_trigger;
mod codedeploy_trigger;
mod delivery_channel;
mod deployment_alarm;
mod event_rule;
mod event_source_mapping;
mod firehose_delivery;
mod lifecycle_hook;
mod log_delivery;
mod log_subscription;
mod notification_rule;
mod pipeline_action;
mod remediation;
mod rule_target;
mod s3_notification;
mod service_notification;
mod sns_subscription;
mod stream_application;
mod worker_queue;

/// What a mechanism reads of one edge: the edge, its channel, both ends and
/// the catalogue's principal and conditions for this target.
pub(super) struct EdgeCx<'a> {
    pub(super) edge: &'a Edge,
    pub(super) channel: &'a ChannelSpec,
    pub(super) source: Rc<Handle>,
    pub(super) target: Rc<Handle>,
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
}

impl EdgeCx<'_> {
    /// The target's grant to the source (see `Builder::grant_from_source`):
    /// `None` when the channel names no principal, in which case the
    /// mechanism writes nothing; else the grant's logical id, if it made one.
    #[allow(
        clippy::option_option,
        reason = "no principal (write nothing) differs from a grant without a resource"
    )]
    pub(super) fn admit_source(&self, b: &mut Builder<'_>) -> Option<Option<String>> {
        let principal = self.principal.clone()?;
        Some(b.grant_from_source(
            self.edge,
            &self.from,
            principal,
            &self.source,
            &self.conditions,
            self.origin,
        ))
    }
}

/// Writes one edge's glue: one line per mechanism.
pub(super) fn glue(b: &mut Builder<'_>, cx: &EdgeCx<'_>) {
    use Mechanism as M;
    match cx.channel.mechanism {
        M::S3Notification => s3_notification::glue(b, cx),
        M::SnsSubscription => sns_subscription::glue(b, cx),
        M::EventSourceMapping => event_source_mapping::glue(b, cx),
        M::CodecommitTrigger => codecommit_trigger::glue(b, cx),
        M::NotificationRule => notification_rule::glue(b, cx),
        M::CodedeployTrigger => codedeploy_trigger::glue(b, cx),
        M::AlarmAction => alarm_action::glue(b, cx),
        M::LifecycleHook => lifecycle_hook::glue(b, cx),
        M::EventRule => event_rule::glue(b, cx),
        M::RuleTarget => rule_target::glue(b, cx),
        M::LogSubscription => log_subscription::glue(b, cx),
        M::ServiceNotification => service_notification::glue(b, cx),
        M::LogDelivery => log_delivery::glue(b, cx),
        M::StreamApplication => stream_application::glue(b, cx),
        M::DeliveryChannel => delivery_channel::glue(b, cx),
        M::PipelineAction => pipeline_action::glue(b, cx),
        M::Remediation => remediation::glue(b, cx),
        M::DeploymentAlarm => deployment_alarm::glue(b, cx),
        M::AgentLogs => agent_logs::glue(b, cx),
        M::WorkerQueue => worker_queue::glue(b, cx),
        // Mechanisms this backend does not render yet never reach the plan:
        // `plan::unsupported` reports them (E801) before a build starts.
        M::S3EventBridge | M::SourceWebhook => {}
        M::FirehoseDelivery => firehose_delivery::glue(b, cx),
    }
}
