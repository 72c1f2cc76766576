//! Placeholder: replaced by the binding crate.
