// The exceptions the store throws: every message names the file and says what to do.
#pragma once

#include <stdexcept>

namespace costscope {

// Any failure to open, write or read a recording: unwritable path, full disk, corrupt file.
class StoreError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The file exists but is not a costscope recording (not SQLite, or another application's
// database). The store refuses it and leaves it untouched.
class NotARecording : public StoreError {
  public:
    using StoreError::StoreError;
};

// The recording was written by a newer costscope whose format this build does not know.
class NewerSchema : public StoreError {
  public:
    using StoreError::StoreError;
};

}  // namespace costscope
