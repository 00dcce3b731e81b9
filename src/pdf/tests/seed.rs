//! Seed placeholder
