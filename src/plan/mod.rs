//! The backend-neutral plan: every resource to create, with its glue decided
//! once — grants (principal, actions, resource, conditions), policies merged per
//! queue and topic, and ordering — so each backend only renders it.
//!
//! **Invariant:** `build` is total on a model that passed `check`; it reports
//! nothing and never fails. Logical ids derive from the user's names only.
//! Resources come sorted by logical id and every map is kept sorted by key
//! ([`Fields`]), so renderers write them in order without sorting.

mod build;
mod destinations;
mod expr;
mod finish;
mod glue;
mod grant_record;
mod grants;
mod iam;
mod ids;
pub mod input_template;
mod keys;
mod mechanisms;
mod names;
mod ordering;
mod patterns;
mod references;
mod roles;
mod services;
mod support;
pub mod target_call;
#[cfg(test)]
mod test_support;

pub use build::build;
pub use grant_record::{GrantForm, GrantRecord};
pub use ids::{clip_part, fingerprint, logical_id};
pub use mechanisms::code_access::gives_environment;
pub use names::derived_name;
pub use references::from_arn;
pub use std::borrow::Cow;
pub use support::{creates, renders, unsupported};

use crate::catalogue::backend_kinds::{self, KindSpec};
use crate::catalogue::schema::ResourceTypes;
use crate::source::Span;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// A value in the plan; references stay symbolic until a backend renders them.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string (most are constants, so no allocation).
    Text(Cow<'static, str>),
    /// A number, as written.
    Number(String),
    /// A boolean.
    Bool(bool),
    /// A list.
    List(Vec<Expr>),
    /// A map.
    Map(Fields),
    /// The primary reference of a resource (CloudFormation `Ref`).
    Ref(String),
    /// An attribute of a resource (`Arn`, `StreamArn`, `QueueUrl`, ...).
    Attr(String, &'static str),
    /// A string with `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`
    /// and `${Logical.Attr}` placeholders.
    Sub(String),
    /// A deploy-time parameter.
    Param(String),
    /// A policy document, rendered as JSON where the property needs a string.
    JsonString(Box<Expr>),
    /// The Availability Zones of the Region (CloudFormation `Fn::GetAZs`).
    AvailabilityZones,
    /// Text that the property takes base64-encoded (an instance's user data):
    /// CloudFormation encodes it with `Fn::Base64`, Terraform's argument takes
    /// it as it is.
    Base64(Box<Expr>),
}

impl Expr {
    /// A text expression.
    #[must_use]
    pub fn text(value: impl Into<Cow<'static, str>>) -> Expr {
        Expr::Text(value.into())
    }

    /// The ARN attribute of a resource.
    #[must_use]
    pub fn arn(logical: &str) -> Expr {
        Expr::Attr(logical.to_string(), "Arn")
    }
}

/// Builds a map expression from pairs.
#[must_use]
pub fn map<const N: usize>(pairs: [(&'static str, Expr); N]) -> Expr {
    Expr::Map(
        pairs
            .into_iter()
            .map(|(key, value)| (Cow::Borrowed(key), value))
            .collect(),
    )
}

/// The entries of a map in the plan, always sorted by key, so renderers write
/// them in order without sorting. Maps here hold a handful of entries, so a
/// sorted vector beats a hash map (no hashing, one allocation); keys are mostly
/// constants.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields(Vec<(Cow<'static, str>, Expr)>);

impl Fields {
    /// No entries.
    #[must_use]
    pub fn new() -> Fields {
        Fields(Vec::new())
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(existing, _)| existing.as_ref().cmp(key))
    }

    /// Sets `key`, replacing an earlier value.
    pub fn insert(&mut self, key: impl Into<Cow<'static, str>>, value: Expr) {
        let key = key.into();
        match self.position(&key) {
            Ok(position) => self.0[position].1 = value,
            Err(position) => self.0.insert(position, (key, value)),
        }
    }

    /// The value of `key`, inserting `make()` first when there is none.
    pub fn entry_or_insert_with(
        &mut self,
        key: impl Into<Cow<'static, str>>,
        make: impl FnOnce() -> Expr,
    ) -> &mut Expr {
        let key = key.into();
        let position = match self.position(&key) {
            Ok(position) => position,
            Err(position) => {
                self.0.insert(position, (key, make()));
                position
            }
        };
        &mut self.0[position].1
    }

    /// The value of `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Expr> {
        self.position(key).ok().map(|position| &self.0[position].1)
    }

    /// Whether `key` is set.
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Expr)> {
        self.0.iter().map(|(key, value)| (key.as_ref(), value))
    }

    /// Values in key order.
    pub fn values(&self) -> impl Iterator<Item = &Expr> {
        self.0.iter().map(|(_, value)| value)
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True with no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Fields {
    type Item = (Cow<'static, str>, Expr);
    type IntoIter = std::vec::IntoIter<(Cow<'static, str>, Expr)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<K: Into<Cow<'static, str>>> FromIterator<(K, Expr)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, Expr)>>(entries: I) -> Fields {
        let mut entries: Vec<(Cow<'static, str>, Expr)> = entries
            .into_iter()
            .map(|(key, value)| (key.into(), value))
            .collect();
        // Most maps are written in key order already; sort only the others.
        if !entries.is_sorted_by(|left, right| left.0 <= right.0) {
            entries.sort_by(|left, right| left.0.cmp(&right.0));
        }
        // A later duplicate wins, as with `insert`.
        entries.reverse();
        entries.dedup_by(|later, earlier| later.0 == earlier.0);
        entries.reverse();
        Fields(entries)
    }
}

/// One resource of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Stable logical id.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Properties, in the backend vocabulary of CloudFormation (the reference backend).
    pub properties: Fields,
    /// Resources that must exist first and that no reference already orders.
    pub depends_on: BTreeSet<String>,
    /// The wiring that asked for it.
    pub origin: Span,
    /// Why a permission is broader than one ARN, when AWS offers nothing narrower.
    pub notes: Vec<String>,
    /// The properties set as written in the declaration's `cloudformation`
    /// block (merged into `properties`; the Terraform backend skips them).
    pub raw_cloudformation: Vec<String>,
    /// Arguments and blocks from the declaration's `terraform` block, written
    /// as given by the Terraform backend only.
    pub raw_terraform: Fields,
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
    Parameter,
    Document,
    Project,
    Detector,
    ConfigRule,
    Trail,
    FlowLog,
    BucketPolicy,
    AutoScalingGroup,
    LifecycleHook,
    ScalingPolicy,
    Key,
    Stack,
    ChatChannel,
    HostedZone,
    ProvisionedProduct,
    Pipeline,
    FlinkApplication,
    LogStream,
    FlinkLogging,
    ApiStage,
    ApiAccount,
    LoadBalancer,
    DeliverySource,
    DeliveryDestination,
    Delivery,
    ConfigRecorder,
    ConfigDeliveryChannel,
    DaxCluster,
    Remediation,
    BeanstalkApplication,
    BeanstalkEnvironment,
    InstanceProfile,
    Instance,
    ManagedPolicy,
    EventInvokeConfig,
    EventBus,
    Schedule,
    HttpApi,
    HttpStage,
    HttpIntegration,
    HttpRoute,
    Pipe,
    PublishingDestination,
    Archive,
    Connection,
    ApiDestination,
    ScheduleGroup,
}

impl Kind {
    /// Every kind, in declaration order (`Kind::ALL[kind as usize] == kind`).
    pub const ALL: [Kind; 71] = [
        Kind::Bucket,
        Kind::Queue,
        Kind::QueuePolicy,
        Kind::Topic,
        Kind::TopicPolicy,
        Kind::Subscription,
        Kind::Function,
        Kind::Permission,
        Kind::EventSourceMapping,
        Kind::Role,
        Kind::LogGroup,
        Kind::LogsResourcePolicy,
        Kind::SubscriptionFilter,
        Kind::Table,
        Kind::Stream,
        Kind::DeliveryStream,
        Kind::Repository,
        Kind::NotificationRule,
        Kind::CodeDeployApplication,
        Kind::DeploymentGroup,
        Kind::Alarm,
        Kind::Rule,
        Kind::StateMachine,
        Kind::Parameter,
        Kind::Document,
        Kind::Project,
        Kind::Detector,
        Kind::ConfigRule,
        Kind::Trail,
        Kind::FlowLog,
        Kind::BucketPolicy,
        Kind::AutoScalingGroup,
        Kind::LifecycleHook,
        Kind::ScalingPolicy,
        Kind::Key,
        Kind::Stack,
        Kind::ChatChannel,
        Kind::HostedZone,
        Kind::ProvisionedProduct,
        Kind::Pipeline,
        Kind::FlinkApplication,
        Kind::LogStream,
        Kind::FlinkLogging,
        Kind::ApiStage,
        Kind::ApiAccount,
        Kind::LoadBalancer,
        Kind::DeliverySource,
        Kind::DeliveryDestination,
        Kind::Delivery,
        Kind::ConfigRecorder,
        Kind::ConfigDeliveryChannel,
        Kind::DaxCluster,
        Kind::Remediation,
        Kind::BeanstalkApplication,
        Kind::BeanstalkEnvironment,
        Kind::InstanceProfile,
        Kind::Instance,
        Kind::ManagedPolicy,
        Kind::EventInvokeConfig,
        Kind::EventBus,
        Kind::Schedule,
        Kind::HttpApi,
        Kind::HttpStage,
        Kind::HttpIntegration,
        Kind::HttpRoute,
        Kind::Pipe,
        Kind::PublishingDestination,
        Kind::Archive,
        Kind::Connection,
        Kind::ApiDestination,
        Kind::ScheduleGroup,
    ];

    /// How the backends write this kind: its types, attributes and renames,
    /// from `stdlib/backends/kinds.yaml`.
    #[must_use]
    pub fn spec(self) -> &'static KindSpec {
        static SPECS: OnceLock<Vec<Option<&'static KindSpec>>> = OnceLock::new();
        static EMPTY: OnceLock<KindSpec> = OnceLock::new();
        let specs = SPECS.get_or_init(|| {
            Kind::ALL
                .iter()
                .map(|kind| backend_kinds::kind_spec(&format!("{kind:?}")))
                .collect()
        });
        specs
            .get(self as usize)
            .copied()
            .flatten()
            .unwrap_or_else(|| EMPTY.get_or_init(KindSpec::default))
    }

    /// The CloudFormation type.
    #[must_use]
    pub fn cloudformation_type(self) -> &'static str {
        &self.spec().cloudformation
    }

    /// The primary Terraform resource type.
    #[must_use]
    pub fn terraform_type(self) -> &'static str {
        &self.spec().terraform
    }

    /// The kind of the resource a declaration creates, from its service's
    /// `resource:` types in the catalogue; `has_property` says which
    /// properties the declaration sets (`config` without `rule` is the recorder).
    #[must_use]
    pub fn of_declaration(
        types: &ResourceTypes,
        has_property: impl Fn(&str) -> bool,
    ) -> Option<Kind> {
        let cloudformation = types.of_declaration(has_property).0?;
        Kind::ALL
            .into_iter()
            .find(|kind| kind.cloudformation_type() == cloudformation)
    }
}

// A kind added after the last one must be added to `Kind::ALL` too.
const _: () = assert!(Kind::ALL.len() == Kind::ScheduleGroup as usize + 1);

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
    /// The bucket of the functions' code that wirec declares itself
    /// ([`ARTIFACT_BUCKET`]): Terraform uploads the zips itself and leaves it out.
    pub artifact_bucket: bool,
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
    /// The zips that functions take their code from, sorted by key.
    pub artifacts: Vec<Artifact>,
    /// What each grant admits, in the order the edges made them.
    pub grants: Vec<GrantRecord>,
}

/// The parameter that names the S3 bucket holding the functions' code in
/// CloudFormation (a `param artifact-bucket` of the wiring's own stands for it).
pub const ARTIFACT_BUCKET: &str = "ArtifactBucket";

/// A zip that a function takes its code from: the user's code (`code =
/// "./functions/resize"`) or a stub that wirec writes for a handler whose file
/// is not `index`.
#[derive(Debug, Clone, PartialEq)]
pub struct Artifact {
    /// The function's logical id.
    pub function: String,
    /// The function's name in the wiring.
    pub name: String,
    /// Its source, relative to the project's folder (`None`: a stub).
    pub source: Option<String>,
    /// Its path under the output folder, which is also its S3 key:
    /// `artifacts/<name>-<first 16 hex digits of its SHA-256>.zip`.
    pub key: String,
    /// The zip and its hash.
    pub package: crate::artifact::Package,
}

impl Artifact {
    /// The key of a function's zip, from its name in the wiring and the zip's hash.
    #[must_use]
    pub fn key_for(name: &str, package: &crate::artifact::Package) -> String {
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let hex = package.hex();
        format!("artifacts/{name}-{}.zip", &hex[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_is_in_all_once_and_has_its_backends_spec() {
        for (index, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, index, "{kind:?}");
            assert!(!kind.cloudformation_type().is_empty(), "{kind:?}");
            assert!(!kind.terraform_type().is_empty(), "{kind:?}");
            assert!(!kind.spec().reference.is_empty(), "{kind:?}");
        }
        let mut types: Vec<&str> = Kind::ALL
            .iter()
            .map(|kind| kind.cloudformation_type())
            .collect();
        types.sort_unstable();
        types.dedup();
        assert_eq!(
            types.len(),
            Kind::ALL.len(),
            "one CloudFormation type per kind"
        );
        let named = crate::catalogue::backend_kinds::kind_specs().count();
        assert_eq!(
            named,
            Kind::ALL.len(),
            "stdlib/backends/kinds.yaml names other kinds"
        );
    }
}
