/** Where the broker's own files live in the project and in the container. */
export const CONFIG_DIR = 'docker/mosquitto';
export const CONTAINER_CONFIG_DIR = '/mosquitto/config';
export const CONTAINER_DATA_DIR = '/mosquitto/data';
export const MQTT_PORT = 1883;

/** mosquitto.conf: one authenticated listener, persistence in the data volume, logs to stdout. */
export function mosquittoConf(): string {
  return [
    '# Eclipse Mosquitto, written by data-eng-plugin-mosquitto. Your edits are kept when the project is re-rendered.',
    `listener ${MQTT_PORT}`,
    'allow_anonymous false',
    `password_file ${CONTAINER_DATA_DIR}/passwd`,
    'persistence true',
    `persistence_location ${CONTAINER_DATA_DIR}/`,
    'log_dest stdout',
    '',
  ].join('\n');
}

/**
 * start.sh: writes the password file from MOSQUITTO_USERNAME and MOSQUITTO_PASSWORD at every start, so a
 * password changed in .env takes effect on the next restart, then runs the broker.
 */
export function startScript(): string {
  return [
    '#!/bin/sh',
    '# Written by data-eng-plugin-mosquitto: the broker password comes from .env, never from this file.',
    'set -eu',
    'umask 077',
    `passwd=${CONTAINER_DATA_DIR}/passwd`,
    'mosquitto_passwd -b -c "$passwd" "$MOSQUITTO_USERNAME" "$MOSQUITTO_PASSWORD"',
    '# Started as root, the broker drops to the mosquitto user before it reads the password file.',
    'if [ "$(id -u)" = 0 ]; then chown mosquitto:mosquitto "$passwd"; fi',
    `exec mosquitto -c ${CONTAINER_CONFIG_DIR}/mosquitto.conf`,
    '',
  ].join('\n');
}
