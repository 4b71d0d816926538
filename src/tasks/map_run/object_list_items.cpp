// s3:listObjectsV2 items: one per object, as AWS passes them to the child
// executions: {"Etag", "Key", "LastModified" (epoch seconds), "Size", "StorageClass"}.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
#include "tasks/map_run/item_readers.h"

namespace stepwise::tasks::map_run::detail {

namespace {

class ObjectListItems : public ItemSource {
public:
    explicit ObjectListItems(std::unique_ptr<s3::ObjectListing> listing) : listing_(std::move(listing)) {}

    std::optional<json::Value> next() override {
        auto object = listing_->next();
        if (!object) return std::nullopt;
        json::Object item;
        item.reserve(5);
        item.append(json::Value("Etag"), json::Value(object->etag));
        item.append(json::Value("Key"), json::Value(object->key));
        item.append(json::Value("LastModified"), json::Value(static_cast<long long>(object->last_modified_ms / 1000)));
        item.append(json::Value("Size"), json::Value(static_cast<long long>(object->size)));
        item.append(json::Value("StorageClass"), json::Value(object->storage_class));
        return json::Value(std::move(item));
    }

private:
    std::unique_ptr<s3::ObjectListing> listing_;
};

}  // namespace

std::unique_ptr<ItemSource> object_list_items(std::unique_ptr<s3::ObjectListing> listing) {
    return std::make_unique<ObjectListItems>(std::move(listing));
}

}  // namespace stepwise::tasks::map_run::detail
