import { definePlugin, envRef } from 'generator-data-eng/plugin';
import type { EnvValue, OptionSpec } from 'generator-data-eng/plugin';
import {
  CONFIG_DIR,
  CONTAINER_CONFIG_DIR,
  CONTAINER_DATA_DIR,
  MQTT_PORT,
  mosquittoConf,
  startScript,
} from './broker-files.js';

export const SERVICE = 'mosquitto';
export const VOLUME = 'mosquitto-data';
/** The public image; set MOSQUITTO_IMAGE in .env to pull it from an internal registry instead. */
export const DEFAULT_IMAGE = 'eclipse-mosquitto:2.0';
/** Airflow services that run task code and so get the broker's address and credentials. */
const TASK_SERVICES = ['airflow-scheduler', 'airflow-worker', 'airflow-triggerer', 'workspace'];

const OPTIONS = [
  {
    name: 'port',
    flag: 'mosquitto-port',
    type: 'number',
    description: 'Host port of the MQTT listener (bound to 127.0.0.1)',
    default: MQTT_PORT,
    hostPort: true,
    min: 1,
    max: 65535,
  },
  {
    name: 'username',
    flag: 'mosquitto-username',
    type: 'string',
    description: 'MQTT user that publishers and Airflow tasks log in as',
    default: 'ingest',
    pattern: /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
    patternHint: 'use letters, digits, dots, hyphens and underscores, starting with a letter',
  },
  {
    name: 'airflowEnv',
    flag: 'mosquitto-airflow-env',
    type: 'boolean',
    description: "Give Airflow's task-running services MQTT_HOST, MQTT_PORT, MQTT_USERNAME and MQTT_PASSWORD",
    default: true,
  },
] as const satisfies readonly OptionSpec[];

/**
 * Eclipse Mosquitto, an MQTT broker for ingesting device and event streams: a health-checked service with a
 * persistent volume, a password generated into .env, and its port forwarded into the dev container.
 */
export default definePlugin({
  name: 'data-eng-plugin-mosquitto',
  apiVersion: 1,
  description: 'Eclipse Mosquitto MQTT broker: health-checked, persistent, password-protected.',
  options: OPTIONS,
  contribute(stack, { answers }) {
    const username = String(answers.username);
    stack.addSetting('MOSQUITTO_IMAGE', DEFAULT_IMAGE, 'Mosquitto image; point it at your internal registry');
    stack.addSetting(
      'MOSQUITTO_PORT',
      String(answers.port),
      'Host port of the MQTT broker (bound to 127.0.0.1)',
    );
    stack.addSecret('MOSQUITTO_PASSWORD', 'password', `Password of the MQTT user "${username}"`);
    stack.addVolume(VOLUME, { persistent: true });
    stack.addService({
      name: SERVICE,
      description: 'Eclipse Mosquitto: MQTT broker for event and sensor ingestion',
      image: envRef('MOSQUITTO_IMAGE', DEFAULT_IMAGE),
      command: ['sh', `${CONTAINER_CONFIG_DIR}/start.sh`],
      environment: { MOSQUITTO_USERNAME: username, MOSQUITTO_PASSWORD: envRef('MOSQUITTO_PASSWORD') },
      ports: [
        {
          container: MQTT_PORT,
          host: Number(answers.port),
          hostVariable: 'MOSQUITTO_PORT',
          label: 'MQTT (Mosquitto)',
          forward: true,
        },
      ],
      volumes: [
        { type: 'volume', source: VOLUME, target: CONTAINER_DATA_DIR },
        { type: 'bind', source: `./${CONFIG_DIR}`, target: CONTAINER_CONFIG_DIR, readOnly: true },
      ],
      healthcheck: {
        // A real round trip: log in with the generated password and read a retained $SYS topic.
        test: [
          'CMD-SHELL',
          `mosquitto_sub -h 127.0.0.1 -p ${MQTT_PORT} -u "$MOSQUITTO_USERNAME" -P "$MOSQUITTO_PASSWORD" -t '$SYS/broker/version' -C 1 -W 3 >/dev/null`,
        ],
        interval: '5s',
        timeout: '5s',
        retries: 10,
        startPeriod: '5s',
      },
      persistent: true,
      restart: 'unless-stopped',
    });
    if (answers.airflowEnv) {
      const env: Record<string, EnvValue> = {
        MQTT_HOST: SERVICE,
        MQTT_PORT: String(MQTT_PORT),
        MQTT_USERNAME: username,
        MQTT_PASSWORD: envRef('MOSQUITTO_PASSWORD'),
      };
      for (const name of TASK_SERVICES.filter((service) => stack.hasService(service))) {
        stack.addEnv(name, env);
      }
    }
  },
  files() {
    return [
      { path: `${CONFIG_DIR}/mosquitto.conf`, content: mosquittoConf() },
      { path: `${CONFIG_DIR}/start.sh`, content: startScript(), mode: 0o755 },
    ];
  },
  hooks: {
    afterScaffold({ answers, logger }) {
      logger.info(
        `Mosquitto listens on 127.0.0.1:${String(answers.port)} (MOSQUITTO_PORT in .env); log in as "${String(answers.username)}" with MOSQUITTO_PASSWORD from .env.`,
      );
    },
  },
});
