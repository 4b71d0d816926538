#include "store/sqlite_store.h"

#include <filesystem>

#include "store/schema.h"

namespace stepwise::store {

namespace sqlite {

namespace {
bool is_in_memory(const std::string& path) { return path == ":memory:"; }
}  // namespace

SqliteStore::SqliteStore(const std::string& path, const SqliteOptions& options) : writer_(path) {
    configure_writer(writer_, is_in_memory(path), options.sync_full);
    migrate(writer_);
    if (is_in_memory(path)) return;
    if (options.reader_connections > 0) readers_ = std::make_unique<ReaderPool>(path, options.reader_connections);
    if (options.background_checkpoints) checkpointer_ = std::make_unique<Checkpointer>(path, writer_);
}

}  // namespace sqlite

std::unique_ptr<Store> open_sqlite(const std::string& path) { return open_sqlite(path, SqliteOptions{}); }

std::unique_ptr<Store> open_sqlite(const std::string& path, const SqliteOptions& options) {
    if (path.empty()) throw StoreError("open_sqlite: empty database path");
    try {
        if (!sqlite::is_in_memory(path)) {
            auto parent = std::filesystem::path(path).parent_path();
            if (!parent.empty()) std::filesystem::create_directories(parent);
        }
        return std::make_unique<sqlite::SqliteStore>(path, options);
    } catch (const std::filesystem::filesystem_error& error) {
        throw StoreError("open_sqlite " + path + ": " + error.code().message());
    } catch (const StoreError& error) {
        throw StoreError("open_sqlite " + path + ": " + error.what());
    }
}

}  // namespace stepwise::store
