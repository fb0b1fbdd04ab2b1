//! An HTTPS endpoint (`https "..."`) that an EventBridge rule or pipe calls:
//! AWS reaches one only through an API destination
//! (`AWS::Events::ApiDestination`) and its connection
//! (`AWS::Events::Connection`, the authorization and its credentials). One
//! pair per edge: the method, rate and credentials are the edge's options,
//! and the endpoint, an address, is no resource of its own to share them.

use crate::model::{Edge, OptionValue};
use crate::plan::build::Cx;
use crate::plan::expr::text;
use crate::plan::glue::Glue;
use crate::plan::{Expr, Fields, Kind, logical_id};
use crate::source::Span;

/// The action a rule's or pipe's role needs on the API destination.
pub(in crate::plan) const INVOKE: &str = "events:InvokeApiDestination";

/// Creates the connection and API destination for `edge` (sender `from`,
/// endpoint `to`); returns the API destination's logical id.
pub(in crate::plan) fn create(
    cx: &Cx<'_>,
    out: &mut Glue,
    edge: &Edge,
    (from, to): (&str, &str),
    origin: Span,
) -> String {
    let option = |name: &str| edge.options.get(name).map(OptionValue::joined);
    let connection = out.unique_id(format!("{from}To{to}Connection"));
    let mut properties = Fields::new();
    let (authorization, parameters) = authorization(edge);
    properties.insert("AuthorizationType", text(authorization));
    properties.insert("AuthParameters", Expr::Map(parameters));
    out.add(connection.clone(), Kind::Connection, origin, properties);

    let destination = out.unique_id(format!("{from}To{to}ApiDestination"));
    let target = cx.model.resource(edge.to);
    let endpoint = match cx.model.address_parameter(target) {
        Some(param) => Expr::Param(logical_id(&param.name.text, "")),
        None => text(target.name.clone()),
    };
    let mut properties = Fields::new();
    properties.insert("ConnectionArn", Expr::arn(&connection));
    properties.insert("InvocationEndpoint", endpoint);
    properties.insert(
        "HttpMethod",
        text(option("method").unwrap_or_else(|| "POST".to_string())),
    );
    if let Some(rate) = option("rate") {
        properties.insert("InvocationRateLimitPerSecond", Expr::Number(rate));
    }
    out.add(
        destination.clone(),
        Kind::ApiDestination,
        origin,
        properties,
    );
    destination
}

/// The connection's `AuthorizationType` and `AuthParameters` from the
/// edge's `auth` and its credentials (check has held every one present,
/// E378, and each secret to a `secret` parameter, E379).
fn authorization(edge: &Edge) -> (&'static str, Fields) {
    let literal = |name: &str| edge.options.get(name).map(|value| text(value.joined()));
    let secret = |name: &str| {
        edge.options
            .get(name)
            .map(|value| Expr::Param(logical_id(&value.joined(), "")))
    };
    let set = |fields: &mut Fields, key: &'static str, value: Option<Expr>| {
        if let Some(value) = value {
            fields.insert(key, value);
        }
    };
    let mut fields = Fields::new();
    let (authorization, key) = match edge.options.get("auth").map(OptionValue::joined).as_deref() {
        Some("basic") => {
            set(&mut fields, "Username", literal("username"));
            set(&mut fields, "Password", secret("password"));
            ("BASIC", "BasicAuthParameters")
        }
        Some("oauth") => {
            let mut client = Fields::new();
            set(&mut client, "ClientID", literal("client-id"));
            set(&mut client, "ClientSecret", secret("client-secret"));
            fields.insert("ClientParameters", Expr::Map(client));
            set(&mut fields, "AuthorizationEndpoint", literal("token-url"));
            let method = literal("token-method").unwrap_or_else(|| text("POST"));
            fields.insert("HttpMethod", method);
            // Terraform requires the block, even empty.
            fields.insert("OAuthHttpParameters", Expr::Map(Fields::new()));
            ("OAUTH_CLIENT_CREDENTIALS", "OAuthParameters")
        }
        _ => {
            let name = literal("key-name").unwrap_or_else(|| text("x-api-key"));
            fields.insert("ApiKeyName", name);
            set(&mut fields, "ApiKeyValue", secret("key"));
            ("API_KEY", "ApiKeyAuthParameters")
        }
    };
    let mut parameters = Fields::new();
    parameters.insert(key, Expr::Map(fields));
    (authorization, parameters)
}
