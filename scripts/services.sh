#!/usr/bin/env bash
# Real services for the integration tests, on a Debian 12 machine where only Debian's apt mirrors
# (and the npm registry) are reachable: no Docker Hub, no PyPI. Run as root; needs no stdin.
#
#   scripts/services.sh up [SERVICE...]   install what is missing, start what is not running,
#                                         write the env file and print its path on stdout
#   scripts/services.sh down              stop only what `up` started (pids in the state dir)
#   scripts/services.sh status            one line per service: NAME up|down (exit 1 if any is down)
#   scripts/services.sh env               print the env file path (after a successful `up`)
#
# SERVICE: docker plugins base-image postgres-image airflow-standin registry samba-ad (default: all; dependencies
# are added). airflow-standin is a stand-in for the official Airflow image with no Airflow in it (its Dockerfile says
# what it keeps of the image's contract).
# Progress goes to stderr; command output goes to log files in the state dir.
#
# State dir: $DATA_ENG_SERVICES_DIR or /var/tmp/data-eng-services
#   env                      `export K='V'` lines for tests (source it)
#   *.pid                    "PID STARTTIME" of each process this script started
#   logs/                    apt, debootstrap, docker build, dockerd, registry and samba logs
#   registry/                config.yml + storage of the registry on 127.0.0.1:5000
#   samba/                   the provisioned AD DC (samba/etc/smb.conf, samba/private/tls/ca.pem)
#   krb5.conf                Kerberos client config for CORP.EXAMPLE.COM (KDC 127.0.0.1)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME="${HOME:-/root}"
STATE_DIR="${DATA_ENG_SERVICES_DIR:-/var/tmp/data-eng-services}"
LOG_DIR="$STATE_DIR/logs"
ENV_FILE="$STATE_DIR/env"
DEBIAN_MIRROR="${DATA_ENG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SECURITY_MIRROR="${DATA_ENG_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

BASE_IMAGE=local/debian:bookworm
PG_IMAGE=local/postgres:15
PG_IMAGE_DIR="$SCRIPT_DIR/images/postgres"
STANDIN_IMAGE=local/airflow-standin:3.0.6-python3.12
STANDIN_IMAGE_DIR="$SCRIPT_DIR/images/airflow-standin"
HASH_LABEL=org.data-eng.build-hash
CLI_PLUGIN_DIRS=("$HOME/.docker/cli-plugins" /usr/local/lib/docker/cli-plugins)

REGISTRY_ADDR=127.0.0.1:5000
REGISTRY_DIR="$STATE_DIR/registry"

AD_REALM=CORP.EXAMPLE.COM
AD_DOMAIN=corp.example.com
AD_NETBIOS_DOMAIN=CORP
AD_BASE_DN=DC=corp,DC=example,DC=com
AD_ADMIN_USER=Administrator
AD_ADMIN_PASSWORD='Passw0rd!x'
# Fixed DC host name (not the machine's), so the DC's DNS name and its certificate are the same everywhere.
AD_DC_HOST=dc1
AD_DC_FQDN="$AD_DC_HOST.$AD_DOMAIN"
SAMBA_DIR="$STATE_DIR/samba"
SAMBA_CONF="$SAMBA_DIR/etc/smb.conf"
SAMBA_TLS_DIR="$SAMBA_DIR/private/tls"
KRB5_CONF="$STATE_DIR/krb5.conf"

export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true
export DOCKER_BUILDKIT=1
export LC_ALL=C

ALL_SERVICES=(docker plugins base-image postgres-image airflow-standin registry samba-ad)

# ---------------------------------------------------------------------------------------------- helpers

log() { printf '[services %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# run_logged LOGNAME CMD...: output to logs/LOGNAME.log; on failure show its tail and return the status
run_logged() {
	local name="$1" rc=0
	shift
	printf '\n### %s: %s\n' "$(date '+%F %T')" "$*" >> "$LOG_DIR/$name.log"
	"$@" >> "$LOG_DIR/$name.log" 2>&1 < /dev/null 9>&- || rc=$?
	if [ "$rc" -ne 0 ]; then
		log "command failed (exit $rc): $*"
		tail -n 40 "$LOG_DIR/$name.log" | sed 's/^/    | /' >&2
	fi
	return "$rc"
}

wait_for() { # wait_for SECONDS DESCRIPTION CMD...
	local secs="$1" what="$2" deadline
	shift 2
	deadline=$(($(date +%s) + secs))
	until "$@" > /dev/null 2>&1; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			log "timed out after ${secs}s waiting for $what"
			return 1
		fi
		sleep 0.3
	done
}

port_open() { timeout 2 bash -c ": > /dev/tcp/$1/$2" 2> /dev/null; }

# Pid files hold "PID STARTTIME" (field 22 of /proc/PID/stat), so a reused pid is never taken for ours.
# (nothing for a zombie: it has exited, only its parent has not reaped it yet)
proc_starttime() { awk '{ sub(/^.*\) /, ""); if ($1 != "Z") print $20 }' "/proc/$1/stat" 2> /dev/null; }
pid_file() { printf '%s/%s.pid' "$STATE_DIR" "$1"; }
record_pid() { printf '%s %s\n' "$2" "$(proc_starttime "$2")" > "$(pid_file "$1")"; }
# our_pid NAME: print the pid if the process we recorded is still alive, else drop the stale file
our_pid() {
	local f pid start
	f="$(pid_file "$1")"
	[ -f "$f" ] || return 1
	read -r pid start < "$f" || true
	if [ -n "${pid:-}" ] && [ -n "${start:-}" ] && [ "$(proc_starttime "$pid")" = "$start" ]; then
		printf '%s\n' "$pid"
		return 0
	fi
	rm -f "$f"
	return 1
}

# start_bg NAME LOGFILE CMD...: start CMD in its own session, detached from stdin, and record its pid
start_bg() {
	local name="$1" logfile="$2" pid
	shift 2
	printf '\n### %s: %s\n' "$(date '+%F %T')" "$*" >> "$logfile"
	# Without job control the background child is no process group leader, so setsid execs in place
	# and $! is the pid of the service itself.
	# 9>&-: the daemon must not inherit (and so hold) the lock of this script
	setsid nohup "$@" >> "$logfile" 2>&1 < /dev/null 9>&- &
	pid=$!
	record_pid "$name" "$pid"
	printf '%s\n' "$pid"
}

# stop_ours NAME [group]: SIGTERM (the whole process group with "group"), wait up to 30 s, then SIGKILL
stop_ours() {
	local name="$1" mode="${2:-}" pid target i
	if ! pid="$(our_pid "$name")"; then
		log "$name: not started by this script (or already stopped); leaving it alone"
		return 0
	fi
	target="$pid"
	[ "$mode" = group ] && target="-$pid"
	log "$name: stopping pid $pid"
	kill -TERM -- "$target" 2> /dev/null || true
	for ((i = 0; i < 100; i++)); do
		[ "$(proc_starttime "$pid")" = "" ] && break
		sleep 0.3
	done
	if [ -n "$(proc_starttime "$pid")" ]; then
		log "$name: still alive after 30 s, sending SIGKILL"
		kill -KILL -- "$target" 2> /dev/null || true
	fi
	rm -f "$(pid_file "$name")"
}

APT_UPDATED=
apt_update() {
	[ -n "$APT_UPDATED" ] && return 0
	log "apt-get update"
	run_logged apt apt-get -q update
	APT_UPDATED=1
}
# apt_install PKG...: --no-install-recommends, keep existing config files; update the lists only if needed
apt_install() {
	local opts=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
	log "apt-get install $*"
	if ! run_logged apt apt-get install "${opts[@]}" "$@"; then
		apt_update
		run_logged apt apt-get install "${opts[@]}" "$@"
	fi
}

docker_ok() { timeout 20 docker info > /dev/null 2>&1; }
image_exists() { docker image inspect "$1" > /dev/null 2>&1; }
image_label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2> /dev/null; }
registry_ok() { curl -fsS -m 3 -o /dev/null "http://$REGISTRY_ADDR/v2/" 2> /dev/null; }
samba_ports_ok() { port_open 127.0.0.1 389 && port_open 127.0.0.1 636 && port_open 127.0.0.1 88; }
plugins_ok() {
	# with the caller's config dir, and with the system-wide plugin dirs only (any HOME)
	docker compose version > /dev/null 2>&1 && docker buildx version > /dev/null 2>&1 &&
		DOCKER_CONFIG=/nonexistent docker compose version > /dev/null 2>&1 &&
		DOCKER_CONFIG=/nonexistent docker buildx version > /dev/null 2>&1
}
image_dir_hash() { # image_dir_hash DIR
	# content of the image directory + the base image id: a new base or a changed file means a rebuild
	{
		(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
		docker image inspect -f '{{ .Id }}' "$BASE_IMAGE"
	} | sha256sum | cut -c1-16
}

# write_if_changed FILE MODE: stdin becomes FILE unless FILE already has exactly that content
write_if_changed() {
	local file="$1" mode="$2" tmp
	tmp="$(mktemp "$file.XXXXXX")"
	cat > "$tmp"
	if [ -f "$file" ] && cmp -s "$tmp" "$file"; then
		rm -f "$tmp"
		return 0
	fi
	chmod "$mode" "$tmp"
	mv -f "$tmp" "$file"
	log "wrote $file"
}

STEP_NAME=
STEP_START=
SUMMARY=()
step_begin() {
	STEP_NAME="$1"
	STEP_START="$(now)"
	log "==> $STEP_NAME"
}
step_end() {
	local t
	t="$(elapsed "$STEP_START")"
	log "<== $STEP_NAME: $1 (${t}s)"
	SUMMARY+=("$(printf '%-15s %6ss  %s' "$STEP_NAME" "$t" "$1")")
}

# ---------------------------------------------------------------------------------------------- steps

# Install, in one apt run, the packages of every requested step whose programs are missing.
step_packages() {
	step_begin packages
	local pkgs=() svc
	for svc in "${SERVICES[@]}"; do
		case "$svc" in
			docker)
				command -v dockerd > /dev/null || pkgs+=(docker.io)
				# the integration tests query PostgreSQL from the host, as a user's client would
				command -v psql > /dev/null || pkgs+=(postgresql-client)
				command -v shellcheck > /dev/null || pkgs+=(shellcheck)
				# the generated Makefile is run the way a user runs it
				command -v make > /dev/null || pkgs+=(make)
				[ -x /usr/bin/python3 ] || pkgs+=(python3)
				# generated Python is checked with Debian's interpreter: YAML, and python-ldap as FAB's LDAP login uses it
				/usr/bin/python3 -c 'import yaml' 2> /dev/null || pkgs+=(python3-yaml)
				/usr/bin/python3 -c 'import ldap' 2> /dev/null || pkgs+=(python3-ldap)
				# data-eng adopt is tested on projects generated from data-eng-template, as its users made them
				command -v cookiecutter > /dev/null || pkgs+=(cookiecutter)
				command -v git > /dev/null || pkgs+=(git)
				;;
			base-image)
				# debootstrap only matters when the base image is missing (or docker is not up to tell)
				if ! command -v debootstrap > /dev/null && { ! docker_ok || ! image_exists "$BASE_IMAGE"; }; then
					pkgs+=(debootstrap)
				fi
				;;
			registry)
				command -v docker-registry > /dev/null || pkgs+=(docker-registry)
				command -v curl > /dev/null || pkgs+=(curl)
				;;
			samba-ad)
				if ! command -v samba > /dev/null || ! command -v samba-tool > /dev/null ||
					[ ! -d /usr/share/samba/setup ] || ! command -v winbindd > /dev/null; then
					# samba-ad-provision (the provisioning templates) is only a Recommends of samba-ad-dc
					pkgs+=(samba samba-ad-dc samba-ad-provision winbind)
				fi
				command -v kinit > /dev/null || pkgs+=(krb5-user)
				command -v ldapsearch > /dev/null || pkgs+=(ldap-utils)
				command -v openssl > /dev/null || pkgs+=(openssl)
				;;
		esac
	done
	if [ "${#pkgs[@]}" -eq 0 ]; then
		step_end "nothing to install"
		return 0
	fi
	apt_install "${pkgs[@]}" || die "apt-get install ${pkgs[*]} failed (log: $LOG_DIR/apt.log)"
	step_end "installed ${pkgs[*]}"
}

step_docker() {
	step_begin docker
	local pid
	if docker_ok; then
		if pid="$(our_pid dockerd)"; then
			step_end "running (started earlier by this script, pid $pid)"
		else
			step_end "running (not started by this script)"
		fi
		return 0
	fi
	command -v dockerd > /dev/null || die "dockerd is not installed"
	pid="$(start_bg dockerd "$LOG_DIR/dockerd.log" dockerd)"
	log "started dockerd (pid $pid), waiting for /var/run/docker.sock"
	if ! wait_for 30 "docker info" docker_ok; then
		tail -n 30 "$LOG_DIR/dockerd.log" | sed 's/^/    | /' >&2
		die "dockerd did not come up (log: $LOG_DIR/dockerd.log)"
	fi
	step_end "started dockerd (pid $pid)"
}

# compose v2 + buildx: not in Debian 12; Debian 13's packages ship plain binaries that run here
step_plugins() {
	step_begin plugins
	if plugins_ok; then
		step_end "present ($(docker compose version --short 2> /dev/null), buildx $(docker buildx version 2> /dev/null | awk '{ print $2 }'))"
		return 0
	fi
	local tmp arch o deb d
	tmp="$(mktemp -d /var/tmp/data-eng-plugins.XXXXXX)"
	chmod 0755 "$tmp"
	arch="$(dpkg --print-architecture)"
	mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/debs" "$tmp/root"
	printf 'deb [arch=%s] %s trixie main\n' "$arch" "$DEBIAN_MIRROR" > "$tmp/sources.list"
	# a private source list, list dir and cache: the system's apt configuration is not touched
	o=(-q -oDir::Etc::SourceList="$tmp/sources.list" -oDir::Etc::SourceParts=/dev/null
		-oDir::State::Lists="$tmp/lists" -oDir::Cache="$tmp/cache" -oAPT::Sandbox::User=root)
	log "fetching docker-compose and docker-buildx from Debian 13 (trixie)"
	run_logged plugins apt-get "${o[@]}" update || die "apt-get update (trixie) failed"
	(cd "$tmp/debs" && run_logged plugins apt-get "${o[@]}" download docker-compose docker-buildx) ||
		die "apt-get download docker-compose docker-buildx failed"
	for deb in "$tmp"/debs/*.deb; do
		dpkg -x "$deb" "$tmp/root"
	done
	for d in "${CLI_PLUGIN_DIRS[@]}"; do
		mkdir -p "$d"
		install -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" \
			"$tmp/root/usr/libexec/docker/cli-plugins/docker-buildx" "$d/"
	done
	rm -rf "$tmp"
	plugins_ok || die "docker compose / docker buildx still do not work"
	step_end "installed compose $(docker compose version --short), buildx $(docker buildx version | awk '{ print $2 }') into ${CLI_PLUGIN_DIRS[*]}"
}

# local/debian:bookworm: a minbase debootstrap, made to look like the official debian:bookworm image
step_base_image() {
	step_begin base-image
	if image_exists "$BASE_IMAGE"; then
		step_end "present"
		return 0
	fi
	command -v debootstrap > /dev/null || die "debootstrap is not installed"
	local rootfs
	rootfs="$(mktemp -d /var/tmp/data-eng-rootfs.XXXXXX)"
	log "debootstrap --variant=minbase bookworm (log: $LOG_DIR/debootstrap.log)"
	run_logged debootstrap debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" ||
		die "debootstrap failed"
	# apt sources like the official image (deb822; bookworm, bookworm-updates, bookworm-security)
	rm -f "$rootfs/etc/apt/sources.list"
	cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<-EOF
		Types: deb
		URIs: $DEBIAN_MIRROR
		Suites: bookworm bookworm-updates
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

		Types: deb
		URIs: $DEBIAN_SECURITY_MIRROR
		Suites: bookworm-security
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	# the container tweaks the official image has (debuerreotype): no service starts during apt-get
	# install, no .deb files or translations kept, no Recommends/Suggests auto-kept
	printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"
	chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
	cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<-'EOF'
		DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
		APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
		Dir::Cache::pkgcache "";
		Dir::Cache::srcpkgcache "";
	EOF
	printf 'Acquire::Languages "none";\n' > "$rootfs/etc/apt/apt.conf.d/docker-no-languages"
	printf 'Apt::AutoRemove::SuggestsImportant "false";\n' > "$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
	rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
		"$rootfs"/var/log/apt/* "$rootfs/var/log/dpkg.log" "$rootfs/var/log/bootstrap.log"
	mkdir -p "$rootfs/var/lib/apt/lists/partial"
	: > "$rootfs/etc/resolv.conf"
	printf 'localhost\n' > "$rootfs/etc/hostname"
	log "docker import -> $BASE_IMAGE ($(du -sh "$rootfs" | cut -f1))"
	tar --numeric-owner -C "$rootfs" -c . |
		docker import \
			--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
			--change 'CMD ["bash"]' \
			--message "debootstrap --variant=minbase bookworm (scripts/services.sh)" \
			- "$BASE_IMAGE" > /dev/null || die "docker import failed"
	rm -rf "$rootfs"
	step_end "built $BASE_IMAGE"
}

# build_local_image STEP IMAGE DIR: build DIR into IMAGE on the base image, unless its build hash is current
build_local_image() {
	local step="$1" image="$2" dir="$3" hash old_id new_id
	step_begin "$step"
	image_exists "$BASE_IMAGE" || die "$BASE_IMAGE is missing"
	hash="$(image_dir_hash "$dir")"
	if image_exists "$image" && [ "$(image_label "$image" "$HASH_LABEL")" = "$hash" ]; then
		step_end "present (build hash $hash)"
		return 0
	fi
	old_id="$(docker image inspect -f '{{ .Id }}' "$image" 2> /dev/null || true)"
	log "docker build -t $image $dir (log: $LOG_DIR/$step.log)"
	run_logged "$step" docker build --progress=plain --label "$HASH_LABEL=$hash" -t "$image" "$dir" ||
		die "docker build of $image failed"
	new_id="$(docker image inspect -f '{{ .Id }}' "$image")"
	if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
		# the replaced build, unless something still tags or uses it
		docker image rm "$old_id" > /dev/null 2>&1 || true
	fi
	step_end "built $image (build hash $hash)"
}

step_postgres_image() { build_local_image postgres-image "$PG_IMAGE" "$PG_IMAGE_DIR"; }
step_airflow_standin() { build_local_image airflow-standin "$STANDIN_IMAGE" "$STANDIN_IMAGE_DIR"; }

step_registry() {
	step_begin registry
	mkdir -p "$REGISTRY_DIR/data"
	write_if_changed "$REGISTRY_DIR/config.yml" 0644 <<-EOF
		version: 0.1
		log:
		  level: info
		storage:
		  filesystem:
		    rootdirectory: $REGISTRY_DIR/data
		  delete:
		    enabled: true
		http:
		  addr: $REGISTRY_ADDR
		  headers:
		    X-Content-Type-Options: [nosniff]
	EOF
	local pid
	if registry_ok; then
		if pid="$(our_pid registry)"; then
			step_end "running (started earlier by this script, pid $pid)"
		else
			step_end "running (not started by this script)"
		fi
		return 0
	fi
	command -v docker-registry > /dev/null || die "docker-registry is not installed"
	pid="$(start_bg registry "$LOG_DIR/registry.log" docker-registry serve "$REGISTRY_DIR/config.yml")"
	if ! wait_for 20 "http://$REGISTRY_ADDR/v2/" registry_ok; then
		tail -n 30 "$LOG_DIR/registry.log" | sed 's/^/    | /' >&2
		die "the registry did not come up (log: $LOG_DIR/registry.log)"
	fi
	step_end "started docker-registry (pid $pid) on $REGISTRY_ADDR"
}

# Our own CA and DC certificate, in the files Samba would otherwise generate at its first start
# (samba/private/tls/{ca,cert,key}.pem). Samba's own certificate names only the DC's FQDN; ours also
# carries localhost and 127.0.0.1, so clients verify ldaps://127.0.0.1 with the CA and full hostname checks.
samba_make_tls() {
	local d="$SAMBA_TLS_DIR" ext san h
	# OpenLDAP clients (ldapsearch, python-ldap) check ldaps://localhost against this machine's host name
	san="DNS:$AD_DC_FQDN, DNS:$AD_DOMAIN, DNS:localhost, IP:127.0.0.1, IP:::1"
	for h in "$(hostname 2> /dev/null)" "$(hostname -f 2> /dev/null)"; do
		case "$h" in '' | localhost | *[!A-Za-z0-9.-]*) ;; *) case ", $san," in *", DNS:$h,"*) ;; *) san+=", DNS:$h" ;; esac ;; esac
	done
	mkdir -p "$d"
	chmod 0700 "$d"
	rm -f "$d"/*.pem "$d"/*.csr "$d"/*.srl "$d"/ca.key
	ext="$(mktemp)"
	printf '%s\n' \
		"subjectAltName = $san" \
		'basicConstraints = critical, CA:FALSE' \
		'keyUsage = critical, digitalSignature, keyEncipherment' \
		'extendedKeyUsage = serverAuth, clientAuth' > "$ext"
	if ! {
		run_logged samba openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
			-subj "/O=data-eng test/CN=data-eng test CA $AD_REALM" \
			-addext 'basicConstraints = critical, CA:TRUE' -addext 'keyUsage = critical, keyCertSign, cRLSign' \
			-keyout "$d/ca.key" -out "$d/ca.pem" &&
			run_logged samba openssl req -newkey rsa:2048 -nodes -sha256 -subj "/O=data-eng test/CN=$AD_DC_FQDN" \
				-keyout "$d/key.pem" -out "$d/cert.csr" &&
			run_logged samba openssl x509 -req -sha256 -days 3650 -in "$d/cert.csr" -CA "$d/ca.pem" \
				-CAkey "$d/ca.key" -CAcreateserial -extfile "$ext" -out "$d/cert.pem"
	}; then
		die "creating the DC's TLS certificate failed"
	fi
	rm -f "$ext" "$d/cert.csr" "$d/ca.srl"
	chmod 0600 "$d/key.pem" "$d/ca.key"
	chmod 0644 "$d/ca.pem" "$d/cert.pem"
}

ad_ldaps_check() {
	LDAPTLS_CACERT="$SAMBA_TLS_DIR/ca.pem" LDAPTLS_REQCERT=demand LDAPCONF=/dev/null \
		ldapsearch -LLL -o nettimeout=10 -H ldaps://127.0.0.1:636 -x \
		-D "$AD_ADMIN_USER@$AD_DOMAIN" -w "$AD_ADMIN_PASSWORD" -b "$AD_BASE_DN" -s base dn
}
ad_kinit_check() {
	local cc rc=0
	cc="$(mktemp)"
	printf '%s\n' "$AD_ADMIN_PASSWORD" |
		KRB5_CONFIG="$KRB5_CONF" KRB5CCNAME="FILE:$cc" kinit "$AD_ADMIN_USER@$AD_REALM" > /dev/null &&
		KRB5_CONFIG="$KRB5_CONF" klist -s -c "FILE:$cc" || rc=$?
	rm -f "$cc"
	return "$rc"
}

step_samba_ad() {
	step_begin samba-ad
	local did=() pid
	if [ ! -f "$SAMBA_DIR/.provisioned" ]; then
		if samba_ports_ok; then
			die "something already listens on 127.0.0.1:389/636/88 but $SAMBA_DIR is not provisioned"
		fi
		rm -rf "$SAMBA_DIR"
		mkdir -p "$SAMBA_DIR/etc" "$SAMBA_DIR/run"
		# An empty base config: otherwise provision copies settings (log file = /var/log/samba/..., logging = file,
		# [homes], [printers]) from the package's /etc/samba/smb.conf into ours.
		: > "$SAMBA_DIR/etc/provision-base.conf"
		log "samba-tool domain provision ($AD_REALM) into $SAMBA_DIR"
		run_logged samba samba-tool domain provision --configfile="$SAMBA_DIR/etc/provision-base.conf" \
			--targetdir="$SAMBA_DIR" \
			--realm="$AD_REALM" --domain="$AD_NETBIOS_DOMAIN" --host-name="$AD_DC_HOST" \
			--server-role=dc --dns-backend=NONE --use-rfc2307 --adminpass="$AD_ADMIN_PASSWORD" \
			--option="interfaces=lo" --option="bind interfaces only=yes" \
			--option="pid directory=$SAMBA_DIR/run" --option="ncalrpc dir=$SAMBA_DIR/run/ncalrpc" \
			--option="winbindd socket directory=$SAMBA_DIR/run/winbindd" \
			--option="ntp signd socket directory=$SAMBA_DIR/run/ntp_signd" ||
			die "samba-tool domain provision failed (log: $LOG_DIR/samba.log)"
		# The state dir outlives a test run: passwords must not expire after AD's default 42 days, and
		# tests may change a password twice a day. Complexity and history keep AD's defaults.
		run_logged samba samba-tool domain passwordsettings set --configfile="$SAMBA_CONF" \
			--max-pwd-age=0 --min-pwd-age=0 || die "samba-tool domain passwordsettings set failed"
		samba_make_tls
		touch "$SAMBA_DIR/.provisioned"
		did+=("provisioned")
	fi
	write_if_changed "$KRB5_CONF" 0644 <<-EOF
		[libdefaults]
		    default_realm = $AD_REALM
		    dns_lookup_kdc = false
		    dns_lookup_realm = false
		    rdns = false
		    dns_canonicalize_hostname = false

		[realms]
		    $AD_REALM = {
		        kdc = 127.0.0.1
		        admin_server = 127.0.0.1
		        default_domain = $AD_DOMAIN
		    }

		[domain_realm]
		    .$AD_DOMAIN = $AD_REALM
		    $AD_DOMAIN = $AD_REALM
	EOF
	if ! port_open 127.0.0.1 636; then
		# foreground (-F) with logs on stdout; -i ("interactive") would also tie samba to stdin
		pid="$(start_bg samba "$LOG_DIR/samba-dc.log" samba -s "$SAMBA_CONF" -F --debug-stdout -M single)"
		log "started samba (pid $pid), waiting for ports 389, 636 and 88"
		if ! wait_for 60 "samba on 127.0.0.1:389/636/88" samba_ports_ok; then
			tail -n 30 "$LOG_DIR/samba-dc.log" | sed 's/^/    | /' >&2
			die "samba did not come up (log: $LOG_DIR/samba-dc.log)"
		fi
		did+=("started samba (pid $pid)")
	elif pid="$(our_pid samba)"; then
		did+=("running (started earlier by this script, pid $pid)")
	else
		did+=("running (not started by this script)")
	fi
	# smoke checks: a verified LDAPS bind as the admin, and a Kerberos ticket (the KDC may need a moment)
	wait_for 20 "LDAPS bind to 127.0.0.1:636" ad_ldaps_check || {
		ad_ldaps_check >&2 || true
		die "LDAPS check against 127.0.0.1:636 failed"
	}
	wait_for 20 "kinit $AD_ADMIN_USER@$AD_REALM" ad_kinit_check || {
		ad_kinit_check >&2 || true
		die "kinit $AD_ADMIN_USER@$AD_REALM failed"
	}
	local IFS=,
	step_end "${did[*]}; LDAPS bind and kinit ok"
}

write_env_file() {
	# single-quoted values: both `source` and simple KEY=VALUE parsers read them
	sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
	{
		printf '# written by scripts/services.sh up; source this file\n'
		printf 'export %s=%s\n' \
			DATA_ENG_SERVICES_DIR "$(sq "$STATE_DIR")" \
			DATA_ENG_BASE_IMAGE "$(sq "$BASE_IMAGE")" \
			DATA_ENG_POSTGRES_IMAGE "$(sq "$PG_IMAGE")" \
			DATA_ENG_AIRFLOW_STANDIN_IMAGE "$(sq "$STANDIN_IMAGE")" \
			DATA_ENG_REGISTRY "$(sq "$REGISTRY_ADDR")" \
			DATA_ENG_AD_REALM "$(sq "$AD_REALM")" \
			DATA_ENG_AD_DOMAIN "$(sq "$AD_DOMAIN")" \
			DATA_ENG_AD_NETBIOS_DOMAIN "$(sq "$AD_NETBIOS_DOMAIN")" \
			DATA_ENG_AD_BASE_DN "$(sq "$AD_BASE_DN")" \
			DATA_ENG_AD_ADMIN_USER "$(sq "$AD_ADMIN_USER")" \
			DATA_ENG_AD_ADMIN_PASSWORD "$(sq "$AD_ADMIN_PASSWORD")" \
			DATA_ENG_AD_CA "$(sq "$SAMBA_TLS_DIR/ca.pem")" \
			DATA_ENG_AD_LDAPS_URL "$(sq "ldaps://127.0.0.1:636")" \
			DATA_ENG_AD_LDAP_URL "$(sq "ldap://127.0.0.1:389")" \
			DATA_ENG_AD_DC_HOSTNAME "$(sq "$AD_DC_FQDN")" \
			DATA_ENG_AD_SMB_CONF "$(sq "$SAMBA_CONF")" \
			DATA_ENG_KRB5_CONFIG "$(sq "$KRB5_CONF")"
	} | write_if_changed "$ENV_FILE" 0644
}

# ---------------------------------------------------------------------------------------------- commands

resolve_services() { # fill SERVICES (canonical order) from the arguments, adding dependencies
	local want=" $* " svc
	[ $# -eq 0 ] && want=" ${ALL_SERVICES[*]} "
	for svc in $want; do
		case " ${ALL_SERVICES[*]} " in
			*" $svc "*) ;;
			*) die "unknown service '$svc' (known: ${ALL_SERVICES[*]})" ;;
		esac
	done
	case "$want" in *" postgres-image "* | *" airflow-standin "*) want+=" docker plugins base-image " ;; esac
	case "$want" in *" base-image "* | *" plugins "*) want+=" docker " ;; esac
	SERVICES=()
	for svc in "${ALL_SERVICES[@]}"; do
		case "$want" in *" $svc "*) SERVICES+=("$svc") ;; esac
	done
}

cmd_up() {
	[ "$(id -u)" = 0 ] || die "run as root"
	mkdir -p "$STATE_DIR" "$LOG_DIR"
	exec 9> "$STATE_DIR/lock"
	if ! flock -n 9; then
		log "another 'services.sh up' is running; waiting for it (up to 30 min)"
		flock -w 1800 9 || die "could not get the lock $STATE_DIR/lock"
	fi
	local t0 svc
	t0="$(now)"
	resolve_services "$@"
	log "up: ${SERVICES[*]} (state dir $STATE_DIR)"
	step_packages
	for svc in "${SERVICES[@]}"; do
		case "$svc" in
			docker) step_docker ;;
			plugins) step_plugins ;;
			base-image) step_base_image ;;
			postgres-image) step_postgres_image ;;
			airflow-standin) step_airflow_standin ;;
			registry) step_registry ;;
			samba-ad) step_samba_ad ;;
		esac
	done
	write_env_file
	log "summary:"
	printf '    %s\n' "${SUMMARY[@]}" >&2
	log "up done in $(elapsed "$t0")s; env file: $ENV_FILE"
	printf '%s\n' "$ENV_FILE"
}

cmd_down() {
	[ "$(id -u)" = 0 ] || die "run as root"
	[ -d "$STATE_DIR" ] || {
		log "nothing to stop ($STATE_DIR does not exist)"
		return 0
	}
	exec 9> "$STATE_DIR/lock"
	flock -w 600 9 || die "could not get the lock $STATE_DIR/lock"
	# samba and the registry with their whole process group (samba forks winbindd etc.);
	# dockerd alone: it shuts down its containers and its own containerd itself
	stop_ours samba group
	stop_ours registry group
	stop_ours dockerd
	log "down done"
}

cmd_status() {
	local all=0
	status_line() { # NAME CHECK...
		local name="$1" state=down pid note=''
		shift
		if "$@" > /dev/null 2>&1; then state=up; fi
		case "$name" in
			docker) pid="$(our_pid dockerd 2> /dev/null)" && note=" (started by services.sh, pid $pid)" ;;
			registry) pid="$(our_pid registry 2> /dev/null)" && note=" (started by services.sh, pid $pid)" ;;
			samba-ad) pid="$(our_pid samba 2> /dev/null)" && note=" (started by services.sh, pid $pid)" ;;
		esac
		[ "$state" = up ] || all=1
		printf '%-15s %s%s\n' "$name" "$state" "$note"
	}
	compose_ok() { docker compose version; }
	buildx_ok() { docker buildx version; }
	status_line docker docker_ok
	status_line compose compose_ok
	status_line buildx buildx_ok
	status_line base-image image_exists "$BASE_IMAGE"
	status_line postgres-image image_exists "$PG_IMAGE"
	status_line airflow-standin image_exists "$STANDIN_IMAGE"
	status_line registry registry_ok
	status_line samba-ad samba_ports_ok
	return "$all"
}

usage() { # usage EXIT_CODE
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
	exit "$1"
}

main() {
	local cmd="${1:-}"
	[ $# -gt 0 ] && shift
	case "$cmd" in
		up) cmd_up "$@" ;;
		down) cmd_down ;;
		status) cmd_status ;;
		env)
			[ -f "$ENV_FILE" ] || die "no env file yet; run: $0 up"
			printf '%s\n' "$ENV_FILE"
			;;
		-h | --help | help) usage 0 ;;
		*) usage 2 ;;
	esac
}

main "$@"
