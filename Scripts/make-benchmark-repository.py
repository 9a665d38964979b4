#!/usr/bin/env python3
"""Creates a large, realistic-looking resource repository for benchmarks: thousands of small
Markdown lessons plus a long history carrying about --history-mb megabytes of packed data,
much of it binary media that was later replaced or deleted again, as happens in real
resources. The same seed always gives the same repository, commit ids included.

The history is written as one `git fast-import` stream straight into git's stdin, which is
far faster than running git once per commit. Media are random bytes so that they stay
incompressible and the pack's size is predictable; the text of the lessons is compressed by
git, so its share of the pack is estimated with zlib while generating.

Usage: python3 Scripts/make-benchmark-repository.py DEST [--files 5000] [--history-mb 200]
       [--seed 1] [--commits 300]

DEST must not exist. The final tree has exactly --files files: resource.yaml, lessons in
unit-NN/ (some in unit-NN/exercises/) and a few media/clip-NNN.bin. At the end one line
summarises files in HEAD, commits, pack size and time taken.
"""
import argparse
import os
import random
import subprocess
import sys
import time
import zlib

MANIFEST = b"""manifest: 1
id: 01JBENCHMARK0000000000000A
title: { en: Benchmark resource }
language: [en]
kind: teacher
licence: CC-BY-4.0
authors:
  - { name: Benchmark Author, role: teacher }
"""
FILES_PER_UNIT = 100
MEDIA_IN_FINAL_TREE = 8
# At most this many media files live in the tree at once; older ones are deleted as new arrive.
MEDIA_LIVE_LIMIT = 24
FIRST_COMMIT_TIME = 1704096000  # 2024-01-01 08:00 UTC
AUTHORS = [
    ("Benchmark Author", "author@example.org"),
    ("Ingrid Haugen", "ingrid@example.org"),
    ("Ola Nordmann", "ola@example.org"),
    ("Kari Berg", "kari@example.org"),
]
WORDS = (
    "the a of and to in is for with on as by learners pupils students teacher lesson unit "
    "exercise task example question answer fraction decimal equation graph table chart "
    "sentence paragraph story poem reading writing listening speaking vocabulary grammar "
    "verb noun adjective climate energy water cell plant animal map river mountain coast "
    "history democracy rights source evidence argument explain compare describe discuss "
    "measure estimate calculate observe predict test record present reflect group pairs "
    "together carefully first then next finally before after because therefore however"
).split()
TOPICS = (
    "Fractions on a number line", "Writing a short story", "The water cycle", "Reading maps",
    "Linear equations", "Persuasive letters", "Plants and light", "Local democracy",
    "Measuring angles", "Poems about the sea", "Energy at home", "Sources in history",
    "Probability with dice", "Describing pictures", "Weather and climate", "Timelines",
)


def sentence(rng):
    words = rng.choices(WORDS, k=rng.randint(6, 14))
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def lesson_text(rng, path, revision):
    """A few hundred bytes of Markdown; `revision` shows up so rewrites always change the text."""
    lines = ["# " + rng.choice(TOPICS), "", paragraph(rng), "", "## Tasks", ""]
    lines += ["- " + sentence(rng) for _ in range(rng.randint(2, 4))]
    lines += ["", "_Revision %d of %s._" % (revision, path), ""]
    return "\n".join(lines).encode()


def lesson_paths(count):
    units = max(1, -(-count // FILES_PER_UNIT))
    width = max(2, len(str(units)))
    paths = []
    for index in range(count):
        unit, number = divmod(index, FILES_PER_UNIT)
        folder = "unit-%0*d" % (width, unit + 1)
        # Every fifth file one level deeper, so trees are nested rather than flat.
        if number % 5 == 4:
            paths.append("%s/exercises/exercise-%03d.md" % (folder, number + 1))
        else:
            paths.append("%s/lesson-%03d.md" % (folder, number + 1))
    return paths


class Stream:
    """Writes fast-import commands to git and keeps count of the (estimated) packed bytes."""

    def __init__(self, output):
        self.output = output
        self.packed_bytes = 0

    def write(self, data):
        self.output.write(data)

    def modify(self, path, content, compressible):
        self.write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(content)))
        self.write(content)
        self.write(b"\n")
        self.packed_bytes += len(zlib.compress(content)) if compressible else len(content)

    def delete(self, path):
        self.write(b"D %s\n" % path.encode())

    def commit(self, author, timestamp, message):
        name, email = author
        identity = b"%s <%s> %d +0100" % (name.encode(), email.encode(), timestamp)
        message = message.encode()
        self.write(b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s\n"
                   % (identity, identity, len(message), message))


def generate(stream, files, history_bytes, seed, commits):
    rng = random.Random(seed)
    media_rng = random.Random(seed + 1)  # separate, so media sizes do not shift the text
    media_final = min(MEDIA_IN_FINAL_TREE, (files - 1) // 500)
    lessons = lesson_paths(files - 1 - media_final)
    revisions = {}
    live_media = []
    next_clip = 1
    timestamp = FIRST_COMMIT_TIME

    # Lessons arrive over the first 60% of the history; the first commit brings a fifth of them.
    adding_commits = max(1, int(commits * 0.6))
    first_batch = len(lessons) // 5 if commits > 1 else len(lessons)
    added = 0

    for number in range(commits):
        last = number == commits - 1
        author = AUTHORS[0] if number == 0 else rng.choice(AUTHORS)
        timestamp += rng.randint(1800, 2 * 86400)
        changes = []  # words for the commit message

        if number == 0:
            target = first_batch
        elif number < adding_commits:
            target = first_batch + (len(lessons) - first_batch) * number // (adding_commits - 1)
        else:
            target = len(lessons)
        if last:
            target = len(lessons)
        new_lessons = lessons[added:target]

        rewritten = []
        if added:
            rewritten = rng.sample(lessons[:added], min(added, rng.randint(5, 40)))

        # Media: spend what is left of the size budget for the history up to this commit.
        budget = history_bytes * (number + 1) // commits - stream.packed_bytes
        additions = []
        if budget > 4096 and not last:
            pieces = media_rng.randint(1, 3)
            for _ in range(pieces):
                size = budget // pieces
                # Writing one path twice in a commit would leave a dangling blob in the pack.
                taken = {path for path, _ in additions}
                replaceable = [path for path in live_media if path not in taken]
                if replaceable and media_rng.random() < 0.3:
                    path = media_rng.choice(replaceable)  # a new version of an existing clip
                else:
                    path = "media/clip-%03d.bin" % next_clip
                    next_clip += 1
                    live_media.append(path)
                additions.append((path, size))
        keep = media_final if last else MEDIA_LIVE_LIMIT
        written = {path for path, _ in additions}
        candidates = [path for path in live_media if path not in written]
        deletions = media_rng.sample(candidates, max(0, len(live_media) - keep))
        live_media = [path for path in live_media if path not in deletions]
        if last:
            # The final tree needs exactly media_final clips, even when the budget bought fewer.
            while len(live_media) < media_final:
                path = "media/clip-%03d.bin" % next_clip
                next_clip += 1
                live_media.append(path)
                additions.append((path, max(1024, budget // max(1, media_final))))

        if number == 0:
            message = "Start the benchmark resource"
        else:
            if new_lessons:
                changes.append("add %d lessons" % len(new_lessons))
            if rewritten:
                changes.append("revise %d lessons" % len(rewritten))
            if additions:
                changes.append("update media")
            if deletions:
                changes.append("remove %d old clips" % len(deletions))
            message = ", ".join(changes).capitalize() or "Tidy up"
        stream.commit(author, timestamp, message + "\n")

        if number == 0:
            stream.modify("resource.yaml", MANIFEST, compressible=True)
        for path in new_lessons + rewritten:
            revisions[path] = revisions.get(path, 0) + 1
            stream.modify(path, lesson_text(rng, path, revisions[path]), compressible=True)
        added = target
        for path in deletions:
            stream.delete(path)
        for path, size in additions:
            stream.modify(path, media_rng.randbytes(size), compressible=False)
        stream.write(b"\n")
    stream.write(b"done\n")


def git(destination, *arguments, **options):
    return subprocess.run(["git", "-C", destination, *arguments], check=True, **options)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("destination", metavar="DEST", help="where to create the repository (must not exist)")
    parser.add_argument("--files", type=int, default=5000, help="files in the final tree (default 5000)")
    parser.add_argument("--history-mb", type=float, default=200, help="approximate pack size in MiB (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed; the same seed gives the same repository")
    parser.add_argument("--commits", type=int, default=300, help="commits in the history (default 300)")
    arguments = parser.parse_args()
    if os.path.exists(arguments.destination):
        parser.error("%s already exists" % arguments.destination)
    if arguments.files < 1 or arguments.commits < 1 or arguments.history_mb < 0:
        parser.error("--files and --commits must be at least 1, --history-mb not negative")

    started = time.monotonic()
    destination = arguments.destination
    git(".", "init", "--quiet", "--initial-branch=main", destination)
    # Media above the big-file threshold are streamed into the pack without trying deltas
    # against other blobs, which random bytes would never yield; that saves about a quarter
    # of the time. Only this process sees the setting.
    importer = subprocess.Popen(
        ["git", "-C", destination, "-c", "core.bigFileThreshold=64k", "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE)
    try:
        generate(Stream(importer.stdin), arguments.files, int(arguments.history_mb * 1024 * 1024),
                 arguments.seed, arguments.commits)
    finally:
        importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    git(destination, "reset", "--quiet", "--hard")

    files = len(git(destination, "ls-files", "-z", capture_output=True).stdout.split(b"\0")) - 1
    commits = int(git(destination, "rev-list", "--count", "HEAD", capture_output=True, text=True).stdout)
    counts = dict(line.split(": ", 1) for line in git(
        destination, "count-objects", "-v", capture_output=True, text=True).stdout.splitlines())
    pack_mb = int(counts["size-pack"]) / 1024
    print("%s: %d files in HEAD, %d commits, pack %.1f MiB, %.1f s"
          % (destination, files, commits, pack_mb, time.monotonic() - started))


if __name__ == "__main__":
    main()
