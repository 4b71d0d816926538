// The ResultWriter's files under <Prefix>/<map run id>/: each child's entry is
// appended to the open file of its status as it ends (SUCCEEDED_n, FAILED_n
// for failed, timed out and aborted children, PENDING_n for those never
// started); a category with no entries gets no file; a file that would pass
// the size limit is closed and the next index opened; manifest.json, written
// last, lists them all.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
#include "tasks/map_run/result_writer.h"

#include <array>

#include "json/write.h"
#include "tasks/map_run/result_entries.h"

namespace stepwise::tasks::map_run {

namespace {

enum Category { kSucceeded, kFailed, kPending, kCategories };
constexpr std::array<std::string_view, kCategories> kCategoryNames = {"SUCCEEDED", "FAILED", "PENDING"};

Category category_of(std::string_view status) {
    if (status == "SUCCEEDED") return kSucceeded;
    if (status == "PENDING") return kPending;
    return kFailed;  // FAILED, TIMED_OUT, ABORTED
}

std::string string_parameter(const json::Value& parameters, std::string_view name, bool required) {
    const json::Value* value = parameters.is_object() ? parameters.as_object().find(name) : nullptr;
    if (!value) {
        if (required) throw ResultWriterError("The ResultWriter's Parameters (or Arguments) need a " + std::string(name));
        return {};
    }
    if (!value->is_string() || (required && value->as_string().empty()))
        throw ResultWriterError("The ResultWriter's " + std::string(name) + " must be a non-empty string");
    return std::string(value->as_string());
}

// The Map Run's id: the last ":" part of its ARN
// (arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<id>).
std::string map_run_id(const std::string& arn) {
    size_t colon = arn.rfind(':');
    return colon == std::string::npos ? arn : arn.substr(colon + 1);
}

}  // namespace

struct ResultWriter::Impl {
    struct OpenFile {
        std::string key;
        std::unique_ptr<s3::ObjectWriter> writer;
        int64_t entries = 0;
    };
    struct FileRef {
        std::string key;
        int64_t size;
    };

    const s3::LocalS3& s3;
    asl::ResultWriterSpec::OutputType output_type;
    asl::ResultWriterSpec::Transformation transformation;
    std::string bucket;
    std::string folder;  // "<prefix>/<id>/"
    std::string map_run_arn;
    int64_t max_file_bytes;
    std::array<std::optional<OpenFile>, kCategories> open;
    std::array<std::vector<FileRef>, kCategories> done;
    bool finished = false;

    [[noreturn]] void s3_failed(const std::string& key, const s3::S3Error& error) const {
        throw ResultWriterError("S3 PutObject failed for s3://" + bucket + "/" + key + ": " + error.code + ": " +
                                error.message);
    }

    void append(OpenFile& file, std::string_view bytes) {
        if (auto error = file.writer->append(bytes)) s3_failed(file.key, error);
    }

    void close(Category c) {
        OpenFile& file = *open[c];
        if (output_type == asl::ResultWriterSpec::OutputType::Json) append(file, "]");
        if (auto error = file.writer->commit()) s3_failed(file.key, error);
        done[c].push_back({file.key, file.writer->size()});
        open[c].reset();
    }

    OpenFile& file_for(Category c, size_t entry_bytes) {
        if (open[c] && open[c]->entries > 0 && open[c]->writer->size() + int64_t(entry_bytes) + 2 > max_file_bytes)
            close(c);
        if (!open[c]) {
            std::string key = folder + std::string(kCategoryNames[c]) + "_" + std::to_string(done[c].size()) + ".json";
            s3::S3Error error;
            auto writer = s3.create(bucket, key, error);
            if (!writer) s3_failed(key, error);
            open[c] = OpenFile{key, std::move(writer), 0};
            if (output_type == asl::ResultWriterSpec::OutputType::Json) append(*open[c], "[");
        }
        return *open[c];
    }

    void write_entry(Category c, const json::Value& value) {
        std::string text = json::dump(value);
        OpenFile& file = file_for(c, text.size());
        if (output_type == asl::ResultWriterSpec::OutputType::Jsonl) {
            text += '\n';
        } else if (file.entries > 0) {
            text.insert(text.begin(), ',');
        }
        append(file, text);
        ++file.entries;
    }
};

ResultWriter::ResultWriter(const s3::LocalS3& s3, const asl::ResultWriterSpec& spec, const json::Value& parameters,
                           std::string map_run_arn, int64_t max_file_bytes)
    : impl_(std::make_unique<Impl>(Impl{s3, spec.output_type, spec.transformation, {}, {}, std::move(map_run_arn),
                                        max_file_bytes, {}, {}, false})) {
    if (parameters.is_object())
        for (const json::Member& m : parameters.as_object())
            if (m.name() != "Bucket" && m.name() != "Prefix")
                throw ResultWriterError("The ResultWriter's " + std::string(m.name()) +
                                        " is not supported by stepwise (it writes Bucket and Prefix)");
    impl_->bucket = string_parameter(parameters, "Bucket", true);
    std::string prefix = string_parameter(parameters, "Prefix", false);
    if (!prefix.empty() && !prefix.ends_with('/')) prefix += '/';
    impl_->folder = prefix + map_run_id(impl_->map_run_arn) + "/";
    // Checked before any child runs: a bad bucket or prefix fails the run at once, not after every child.
    const std::string manifest = impl_->folder + "manifest.json";
    if (s3::S3Error error = s3.check_writable(impl_->bucket, manifest))
        throw ResultWriterError("S3 PutObject failed for s3://" + impl_->bucket + "/" + manifest + ": " + error.code +
                                ": " + error.message);
}

ResultWriter::~ResultWriter() = default;

void ResultWriter::add(const ChildResult& result) {
    if (impl_->finished) throw ResultWriterError("The Map Run's results are already written");
    Category c = category_of(result.status);
    for (const auto& value : detail::transformed(impl_->transformation, result)) impl_->write_entry(c, value);
}

json::Value ResultWriter::finish() {
    Impl& w = *impl_;
    if (!w.finished) {
        for (int c = 0; c < kCategories; ++c)
            if (w.open[c]) w.close(Category(c));
        json::Object files;
        for (Category c : {kFailed, kPending, kSucceeded}) {
            json::Array refs;
            for (const auto& ref : w.done[c])
                refs.push_back(json::Value(json::Object{{"Key", json::Value(ref.key)},
                                                        {"Size", json::Value(static_cast<long long>(ref.size))}}));
            files.set(kCategoryNames[c], json::Value(std::move(refs)));
        }
        json::Object manifest{{"DestinationBucket", json::Value(w.bucket)},
                              {"MapRunArn", json::Value(w.map_run_arn)},
                              {"ResultFiles", json::Value(std::move(files))}};
        std::string key = w.folder + "manifest.json";
        s3::S3Error error;
        auto writer = w.s3.create(w.bucket, key, error);
        if (!writer) w.s3_failed(key, error);
        if ((error = writer->append(json::dump(json::Value(std::move(manifest)))))) w.s3_failed(key, error);
        if ((error = writer->commit())) w.s3_failed(key, error);
        w.finished = true;
    }
    return json::Value(json::Object{{"Bucket", json::Value(w.bucket)}, {"Key", json::Value(w.folder + "manifest.json")}});
}

}  // namespace stepwise::tasks::map_run
