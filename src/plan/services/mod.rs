//! What each service creates: one module per service.

pub(super) mod alarm;
pub(super) mod apigateway;
pub(super) mod beanstalk;
pub(super) mod codebuild;
pub(super) mod codepipeline;
pub(super) mod config;
pub(super) mod ec2;
pub(super) mod flink;
pub(super) mod lambda;
