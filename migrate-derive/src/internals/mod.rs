//! Reading and checking the derive input: `attr` parses attributes, `ast`
//! builds the model of the struct, `check` judges what needs several
//! attributes; all of them report into a `Ctxt`.

pub mod ast;
pub mod attr;
pub mod case;
pub mod check;
pub mod ctxt;
pub mod sql;
pub mod symbol;

pub use ctxt::Ctxt;
