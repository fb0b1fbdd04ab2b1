//! What each grant admits, recorded where the grant is made: the statement's
//! holder, the service (or role) it lets in, the actions and resource, the
//! sender's ARN that a legitimate request carries, and the conditions that
//! keep a stranger out. `wirec explain --grant` prints these records, and CI
//! replays each one, with its strangers, through an independent IAM simulator
//! against the emitted template.

use crate::catalogue::Condition;
use crate::plan::Expr;
use crate::source::Span;

/// Where a grant's statement lives, which decides how a request reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantForm {
    /// A Lambda permission (`AWS::Lambda::Permission`).
    LambdaPermission,
    /// A statement of a merged queue, topic or event-bus policy.
    ResourcePolicy,
    /// A statement of a bucket policy.
    BucketPolicy,
    /// A statement of the account's CloudWatch Logs resource policy.
    LogsResourcePolicy,
    /// A statement of a KMS key policy.
    KeyPolicy,
    /// A role's trust policy: who may assume it (`sts:AssumeRole`).
    Trust,
    /// A statement of a role's own policies (inline or attached managed policy).
    Identity,
}

impl GrantForm {
    /// The word machine output uses.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            GrantForm::LambdaPermission => "lambda-permission",
            GrantForm::ResourcePolicy => "resource-policy",
            GrantForm::BucketPolicy => "bucket-policy",
            GrantForm::LogsResourcePolicy => "logs-resource-policy",
            GrantForm::KeyPolicy => "key-policy",
            GrantForm::Trust => "trust",
            GrantForm::Identity => "identity",
        }
    }
}

/// One grant an edge made.
#[derive(Debug, Clone, PartialEq)]
pub struct GrantRecord {
    /// The wiring text that asked for the grant (an edge's target, an option).
    pub origin: Span,
    /// Where the statement lives.
    pub form: GrantForm,
    /// The logical id of the resource that holds the statement (the
    /// permission, policy, key or role).
    pub holder: String,
    /// The service principal that makes the request; `None` for an identity
    /// grant, whose requester is `role`.
    pub principal: Option<Expr>,
    /// For an identity grant: the logical id of the role that makes the request.
    pub role: Option<String>,
    /// The actions granted.
    pub actions: Vec<String>,
    /// The resource the actions are granted on (what a legitimate request names).
    pub resource: Expr,
    /// The ARN of the sender, which a legitimate request carries as
    /// `aws:SourceArn`; `None` when the sender is no one resource.
    pub source_arn: Option<Expr>,
    /// The conditions the statement holds the sender to.
    pub conditions: Vec<Condition>,
    /// Why the statement is no narrower than `conditions` (what AWS does not
    /// send or offer, with the page that says so); `None` when it is as narrow
    /// as AWS allows.
    pub unscoped: Option<String>,
    /// For a trust whose principal sends `sts:ExternalId` (its file in
    /// `stdlib/principals/` names it): the value a legitimate request
    /// carries; `None` for every other grant.
    pub external_id: Option<Expr>,
}
