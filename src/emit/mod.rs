//! Renderings of a plan: CloudFormation (`cloudformation`) and Terraform JSON
//! (`terraform`), with our own YAML writer (`yaml`). **Boundary**: the emitted templates are committed to
//! users' repositories, so output is deterministic: keys sorted, resources
//! sorted by logical id, no timestamps or absolute paths.

pub mod cloudformation;
pub mod grants;
mod parameters;
pub mod terraform;
pub mod yaml;
