//! The runner: version and history tables, transactions, locks,
//! upgrade/downgrade/stamp, offline SQL.

mod checksum;
mod executor;
mod tables;

pub use checksum::checksum;
pub use executor::{LiveExecutor, SqlWriter};
pub use tables::{BookkeepingTables, HistoryRow};
