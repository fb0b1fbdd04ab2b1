//! What each AWS service principal sends when it assumes a role that wirec
//! makes for it: the confused-deputy condition keys (`aws:SourceAccount`,
//! `aws:SourceArn`) its trust policy can hold it to, with the pages that say
//! so, or why none can be used. One file per principal in `stdlib/principals/`.

use super::schema::Condition;
use serde::Deserialize;

/// One `principals/*.yaml` file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalSpec {
    /// The service principal, as trust policies name it
    /// (`codebuild.amazonaws.com`; `{region}` stands for the stack's Region).
    pub principal: String,
    /// The service, for people (`AWS CodeBuild`).
    pub title: String,
    /// How a role it assumes can hold it to one account and one resource.
    pub assume_role: TrustSpec,
}

/// The conditions a trust policy for a principal carries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustSpec {
    /// The keys the principal sends on `sts:AssumeRole` that the trust policy
    /// holds it to: `source-arn` (the resource the role serves) and/or
    /// `source-account` (this account).
    pub conditions: Vec<Condition>,
    /// Why the trust is no narrower than `conditions` (a key AWS documents the
    /// service does not send, or does not document at all), naming the page.
    #[serde(default)]
    pub unscoped: Option<String>,
    /// The `sts:ExternalId` AWS documents the service sends when it assumes
    /// the role: `account` (this account's ID) or a constant (Elastic
    /// Beanstalk's `elasticbeanstalk`).
    #[serde(default)]
    pub external_id: Option<String>,
    /// The pages the facts come from, with the date they were read.
    pub sources: Vec<String>,
}
