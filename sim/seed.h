// Sample mail and the demo accounts (alice / alice123, bob / bob123) that the app, the
// headless demo and `mailscope serve` start with.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/mail/mail_store.h"

namespace mailscope::sim {

/// One .eml file read from disk.
struct MailFile {
    std::string name;   ///< file name, e.g. "02-zazolc.eml"
    std::string bytes;  ///< raw contents as stored
};

/// Reads every *.eml file of a directory, sorted by file name.
/// Throws std::runtime_error naming the path when the directory or a file cannot be read.
std::vector<MailFile> loadMailDirectory(const std::filesystem::path& dir);

/// A message from an .eml file, delivered "when it was sent": its internal date is its
/// Date header, or `fallback` when that is missing or unreadable.
std::shared_ptr<const mail::Message> messageFromFile(const MailFile& file, core::Time fallback);

/// Adds the demo accounts and delivers assets/mail/*.eml to them: alice gets every
/// message addressed to her, bob the rest. Throws as loadMailDirectory does.
void seedDemoStore(mail::MailStore& store, const std::filesystem::path& assetsDir, core::Time now);

}  // namespace mailscope::sim
