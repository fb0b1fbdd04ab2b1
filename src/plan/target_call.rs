//! EventBridge rule targets whose role is scoped by the edge (catalogue
//! `receive.call`): an API Gateway REST API method (`HttpParameters`) and
//! the Redshift Data API on a cluster (`RedshiftDataParameters`). The grant
//! makes the role; this module writes its statements, the target's ARN and
//! its parameters. `check::target_calls` holds the options to what
//! `PutTargets` accepts (E375 to E377) with the readers below.

use crate::catalogue::TargetCall;
use crate::model::Edge;
use crate::plan::build::{Cx, Handle};
use crate::plan::expr::{PARTITION, sub, sub_literal, text};
use crate::plan::glue::Glue;
use crate::plan::roles::allow;
use crate::plan::{Expr, Fields};

/// The method a rule calls when the edge names none: EventBridge sends the
/// event as the request's body.
pub const DEFAULT_METHOD: &str = "POST";

/// How many `*` segments a REST API path has: each takes one of
/// `path-values`, in order (`HttpParameters.PathParameterValues`).
#[must_use]
pub fn path_wildcards(path: &str) -> usize {
    path.split('/').filter(|segment| *segment == "*").count()
}

/// A provisioned cluster's endpoint read from a JDBC URL,
/// `jdbc:redshift://CLUSTER.ID.REGION.redshift.amazonaws.com:PORT/DATABASE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterEndpoint {
    /// The cluster identifier (the host's first label).
    pub cluster: String,
    /// The cluster's Region (the host's third label).
    pub region: String,
    /// The database the URL names.
    pub database: String,
}

/// The cluster, Region and database of a provisioned cluster's JDBC URL;
/// `None` for anything else (a Redshift Serverless endpoint, whose workgroup
/// ARN carries an id the URL does not, or a URL without a database).
#[must_use]
pub fn cluster_endpoint(url: &str) -> Option<ClusterEndpoint> {
    let rest = url.strip_prefix("jdbc:redshift://")?;
    let (host, path) = rest.split_once('/')?;
    let host = host.split(':').next()?;
    let database = path.split(['?', ';']).next()?;
    let labels: Vec<&str> = host.split('.').collect();
    let [cluster, _, region, "redshift", "amazonaws", tail @ ..] = labels.as_slice() else {
        return None;
    };
    let plain = |label: &str| {
        !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if !(tail.iter().all(|label| plain(label))
        && plain(cluster)
        && plain(region)
        && plain(database))
    {
        return None;
    }
    Some(ClusterEndpoint {
        cluster: (*cluster).to_string(),
        region: (*region).to_string(),
        database: database.to_string(),
    })
}

/// Sets the target's `Arn` and parameters for `call`, and gives `role` (the
/// rule target's role) the statements AWS documents for it, scoped to the
/// one method or cluster; returns the ARN, `None` when the edge cannot be
/// built (check has reported it).
pub(in crate::plan) fn target(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    call: TargetCall,
    target: &Handle,
    role: Option<&str>,
    entry: &mut Fields,
) -> Option<Expr> {
    let option = |name: &str| edge.options.get(name);
    let joined = |name: &str| option(name).map(crate::model::OptionValue::joined);
    let (arn, statements) = match call {
        TargetCall::HttpParameters => {
            let api = match cx.property(edge.to, "api")? {
                Expr::Text(api) => sub_literal(&api).into_owned(),
                Expr::Param(api) => format!("${{{api}}}"),
                _ => return None,
            };
            // The stage's physical name as written, as both backends know it.
            let Expr::Text(stage) = &target.name else {
                return None;
            };
            let stage = sub_literal(stage);
            let method = joined("method").unwrap_or_else(|| DEFAULT_METHOD.to_string());
            // `ANY` is the method wildcard `*` in an execute-api ARN.
            let method = if method == "ANY" {
                "*".to_string()
            } else {
                method
            };
            let path = joined("path").unwrap_or_else(|| "/".to_string());
            let arn = sub(format!(
                "arn:{PARTITION}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:{api}/{stage}/{method}{}",
                sub_literal(&path)
            ));
            if let Some(values) = option("path-values") {
                let values = values.values.iter().map(|value| text(value.text.clone()));
                entry.insert(
                    "HttpParameters",
                    crate::plan::map([("PathParameterValues", Expr::List(values.collect()))]),
                );
            }
            let invoke = (vec!["execute-api:Invoke".to_string()], vec![arn.clone()]);
            (arn, vec![invoke])
        }
        TargetCall::RedshiftData => {
            let url = cx.text_property(edge.to, "jdbc-url")?;
            let endpoint = cluster_endpoint(&url)?;
            let ClusterEndpoint {
                cluster,
                region,
                database,
            } = endpoint;
            let account = "${AWS::AccountId}";
            let arn = sub(format!(
                "arn:{PARTITION}:redshift:{region}:{account}:cluster:{cluster}"
            ));
            let mut parameters = Fields::new();
            parameters.insert("Database", text(database.clone()));
            parameters.insert("Sql", text(joined("sql")?));
            if let Some(name) = joined("statement-name") {
                parameters.insert("StatementName", text(name));
            }
            if let Some(with_event) = joined("with-event") {
                parameters.insert("WithEvent", Expr::Bool(with_event == "true"));
            }
            let execute = (
                vec!["redshift-data:ExecuteStatement".to_string()],
                vec![arn.clone()],
            );
            let mut statements = vec![execute];
            if let Some(secret) = cx.property(edge.to, "secret") {
                parameters.insert("SecretManagerArn", secret.clone());
                statements.push((
                    vec!["secretsmanager:GetSecretValue".to_string()],
                    vec![secret],
                ));
            } else if let Some(user) = cx.text_property(edge.to, "username") {
                // Temporary credentials for that user on that database only.
                parameters.insert("DbUser", text(user.clone()));
                let (user, database) = (sub_literal(&user), sub_literal(&database));
                let redshift = format!("arn:{PARTITION}:redshift:{region}:{account}");
                statements.push((
                    vec!["redshift:GetClusterCredentials".to_string()],
                    vec![
                        sub(format!("{redshift}:dbuser:{cluster}/{user}")),
                        sub(format!("{redshift}:dbname:{cluster}/{database}")),
                    ],
                ));
            }
            entry.insert("RedshiftDataParameters", Expr::Map(parameters));
            (arn, statements)
        }
    };
    if let Some(role) = role {
        for (actions, resources) in statements {
            allow(out, role, edge.target_span, &actions, resources);
        }
    }
    Some(arn)
}

#[cfg(test)]
mod tests {
    use super::{ClusterEndpoint, cluster_endpoint, path_wildcards};

    #[test]
    fn a_provisioned_cluster_url_gives_its_cluster_region_and_database() {
        assert_eq!(
            cluster_endpoint(
                "jdbc:redshift://analytics.c1abc.eu-west-1.redshift.amazonaws.com:5439/dev"
            ),
            Some(ClusterEndpoint {
                cluster: "analytics".into(),
                region: "eu-west-1".into(),
                database: "dev".into(),
            })
        );
        assert_eq!(
            cluster_endpoint(
                "jdbc:redshift://wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439/dev"
            ),
            None
        );
        assert_eq!(
            cluster_endpoint(
                "jdbc:redshift://analytics.c1abc.eu-west-1.redshift.amazonaws.com:5439"
            ),
            None
        );
    }

    #[test]
    fn wildcards_are_whole_segments() {
        assert_eq!(path_wildcards("/pets/*/toys/*"), 2);
        assert_eq!(path_wildcards("/pets/a*b"), 0);
    }
}
