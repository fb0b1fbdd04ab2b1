//! Renderings of a plan. **Boundary**: the emitted templates are committed to
//! users' repositories, so output is deterministic: keys sorted, resources
//! sorted by logical id, no timestamps or absolute paths.

pub mod cloudformation;
