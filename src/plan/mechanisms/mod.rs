//! The glue of each mechanism: one module per mechanism.

pub(super) mod agent_logs;
pub(super) mod firehose_delivery;
pub(super) mod lifecycle_hook;
pub(super) mod log_delivery;
pub(super) mod remediation;
pub(super) mod rule_target;
