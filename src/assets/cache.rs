//! The download cache: the raw bytes of each fetched image, one file per URL.
//!
//! Raw bytes (not the sanitised result) are kept so that a change of the sanitiser applies
//! to cached pictures too; sanitising is deterministic, so a rebuild from the cache gives
//! byte-identical assets.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A folder of cached downloads keyed by a hash of the URL.
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// A cache in `dir` (created on the first write).
    pub fn new(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
        }
    }

    /// Where the bytes for `url` are kept.
    pub fn path(&self, url: &str) -> PathBuf {
        let digest = Sha256::digest(url.as_bytes());
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{hex}.bin"))
    }

    /// The cached bytes for `url`, if any.
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        std::fs::read(self.path(url)).ok().filter(|b| !b.is_empty())
    }

    /// Stores the bytes for `url`, replacing any older copy.
    pub fn put(&self, url: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(url);
        // Write then rename, so a build stopped halfway never leaves a truncated entry.
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_distinct_keys() {
        let dir = std::env::temp_dir().join(format!("talkbook-cache-{}", std::process::id()));
        let cache = Cache::new(&dir);
        assert!(cache.get("http://a/1").is_none());
        cache.put("http://a/1", b"one").unwrap();
        cache.put("http://a/2", b"two").unwrap();
        assert_eq!(cache.get("http://a/1").unwrap(), b"one");
        assert_eq!(cache.get("http://a/2").unwrap(), b"two");
        assert_ne!(cache.path("http://a/1"), cache.path("http://a/2"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
