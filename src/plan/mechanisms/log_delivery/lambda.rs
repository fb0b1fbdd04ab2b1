//! A function's logs in a log group of the wiring's (`LoggingConfig`): the
//! function names the group, and its role may write there alone (the
//! function's own `/aws/lambda/NAME` group is then not created).

use crate::plan::glue::Glue;
use crate::plan::iam::allow_logs;
use crate::plan::mechanisms::log_delivery::Delivery;
use crate::plan::{Expr, Fields};

pub(super) fn glue(d: &Delivery<'_>, out: &mut Glue) {
    let Some(role) = d.cx.source.role.clone() else {
        return;
    };
    let mut logging = Fields::new();
    logging.insert("LogGroup", d.cx.target.name.clone());
    for (option, key) in [
        ("format", "LogFormat"),
        ("application-level", "ApplicationLogLevel"),
        ("system-level", "SystemLogLevel"),
    ] {
        if let Some(value) = d.cx.edge.options.get(option) {
            logging.insert(key, crate::plan::expr::text(value.joined()));
        }
    }
    d.set(out, "LoggingConfig", Expr::Map(logging));
    // The group's name is literal text: the function waits for it all the same.
    out.depend(&d.cx.source_logical, d.cx.target.logical.clone());
    allow_logs(
        out,
        &role,
        &role,
        d.cx.origin,
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        d.cx.target,
    );
}
