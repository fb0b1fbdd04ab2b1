//! The backend-neutral plan: every resource to create, with its glue decided
//! once — grants (principal, actions, resource, conditions), policies merged per
//! queue and topic, and ordering — so each backend only renders it.
//!
//! **Invariant:** `build` is total on a model that passed `check`; it reports
//! nothing and never fails. Logical ids derive from the user's names only.

mod build;
mod ids;

pub use build::build;
pub use ids::logical_id;

use crate::source::Span;
use indexmap::IndexMap;
use std::collections::BTreeSet;

/// A value in the plan; references stay symbolic until a backend renders them.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string.
    Text(String),
    /// A number, as written.
    Number(String),
    /// A boolean.
    Bool(bool),
    /// A list.
    List(Vec<Expr>),
    /// A map (keys in the order they must be written).
    Map(IndexMap<String, Expr>),
    /// The primary reference of a resource (CloudFormation `Ref`).
    Ref(String),
    /// An attribute of a resource (`Arn`, `StreamArn`, `QueueUrl`, ...).
    Attr(String, String),
    /// A string with `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`
    /// and `${Logical.Attr}` placeholders.
    Sub(String),
    /// A deploy-time parameter.
    Param(String),
    /// A policy document, rendered as JSON where the property needs a string.
    JsonString(Box<Expr>),
}

impl Expr {
    /// A text expression.
    #[must_use]
    pub fn text(value: impl Into<String>) -> Expr {
        Expr::Text(value.into())
    }

    /// The ARN attribute of a resource.
    #[must_use]
    pub fn arn(logical: &str) -> Expr {
        Expr::Attr(logical.to_string(), "Arn".to_string())
    }
}

/// Builds a map expression from pairs, keeping their order.
#[must_use]
pub fn map<const N: usize>(pairs: [(&str, Expr); N]) -> Expr {
    Expr::Map(
        pairs
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

/// One resource of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Stable logical id.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Properties, in the backend vocabulary of CloudFormation (the reference backend).
    pub properties: IndexMap<String, Expr>,
    /// Resources that must exist first and that no reference already orders.
    pub depends_on: BTreeSet<String>,
    /// The wiring that asked for it.
    pub origin: Span,
    /// Why a permission is broader than one ARN, when AWS offers nothing narrower.
    pub notes: Vec<String>,
}

/// The kinds of resource wirec creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs, reason = "each variant is the resource type it names")]
pub enum Kind {
    Bucket,
    Queue,
    QueuePolicy,
    Topic,
    TopicPolicy,
    Subscription,
    Function,
    Permission,
    EventSourceMapping,
    Role,
    LogGroup,
    LogsResourcePolicy,
    SubscriptionFilter,
    Table,
    Stream,
    DeliveryStream,
    Repository,
    NotificationRule,
    CodeDeployApplication,
    DeploymentGroup,
    Alarm,
    Rule,
    StateMachine,
}

impl Kind {
    /// The CloudFormation type.
    #[must_use]
    pub fn cloudformation_type(self) -> &'static str {
        match self {
            Kind::Bucket => "AWS::S3::Bucket",
            Kind::Queue => "AWS::SQS::Queue",
            Kind::QueuePolicy => "AWS::SQS::QueuePolicy",
            Kind::Topic => "AWS::SNS::Topic",
            Kind::TopicPolicy => "AWS::SNS::TopicPolicy",
            Kind::Subscription => "AWS::SNS::Subscription",
            Kind::Function => "AWS::Lambda::Function",
            Kind::Permission => "AWS::Lambda::Permission",
            Kind::EventSourceMapping => "AWS::Lambda::EventSourceMapping",
            Kind::Role => "AWS::IAM::Role",
            Kind::LogGroup => "AWS::Logs::LogGroup",
            Kind::LogsResourcePolicy => "AWS::Logs::ResourcePolicy",
            Kind::SubscriptionFilter => "AWS::Logs::SubscriptionFilter",
            Kind::Table => "AWS::DynamoDB::Table",
            Kind::Stream => "AWS::Kinesis::Stream",
            Kind::DeliveryStream => "AWS::KinesisFirehose::DeliveryStream",
            Kind::Repository => "AWS::CodeCommit::Repository",
            Kind::NotificationRule => "AWS::CodeStarNotifications::NotificationRule",
            Kind::CodeDeployApplication => "AWS::CodeDeploy::Application",
            Kind::DeploymentGroup => "AWS::CodeDeploy::DeploymentGroup",
            Kind::Alarm => "AWS::CloudWatch::Alarm",
            Kind::Rule => "AWS::Events::Rule",
            Kind::StateMachine => "AWS::StepFunctions::StateMachine",
        }
    }
}

/// A deploy-time parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Logical id.
    pub id: String,
    /// `String` or `Number`.
    pub number: bool,
    /// Default value.
    pub default: Option<String>,
    /// Hidden in consoles and logs.
    pub secret: bool,
    /// Where it was declared.
    pub origin: Span,
}

/// A value the stack exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Logical id.
    pub id: String,
    /// One line.
    pub description: String,
    /// The value.
    pub value: Expr,
}

/// Everything to render.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// One line describing the stack.
    pub description: String,
    /// Parameters in source order.
    pub parameters: Vec<Parameter>,
    /// Resources (rendered sorted by id).
    pub resources: Vec<Resource>,
    /// Outputs (rendered sorted by id).
    pub outputs: Vec<Output>,
}
