//! Language front ends: they parse a file and turn its syntax into facts
//! (scopes, names, symbolic values, acquisitions). They never decide findings.

pub mod python;
pub mod rust;
